/** A closed ring of [longitude, latitude] pairs, first point repeated last (GeoJSON Polygon's outer ring). */
export type Ring = [number, number][];

/**
 * Is the point inside the ring (ray casting)? A point on a west or south edge belongs to the grid, one on an east or
 * north edge to its neighbour, so a point on an edge two grids share lies in exactly one of them.
 */
export function contains(ring: Ring, lng: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
