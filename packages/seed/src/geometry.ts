/**
 * Where things are: deterministic grid boundaries (网格边界) that tile each community's territory, and the
 * communities that tile their subdistrict block. No randomness, so every seeder (the community's grids, the power
 * grid's towers and hazards) agrees on which grid a point lies in (the community subgraph's `gridAt` answers it).
 *
 * The first block covers the reference subdistrict's area (about 106.12–106.40°E, 29.18–29.38°N); block n lies north
 * of block n−1. Shapes are rectangles in the seed — the model stores any polygon.
 */

/** A closed ring of [longitude, latitude] pairs, first point repeated last (GeoJSON Polygon's outer ring). */
export type Ring = [number, number][];

export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

const BLOCK: Box = { west: 106.12, south: 29.18, east: 106.4, north: 29.38 };
/** Blocks are stacked with a gap, so no two subdistricts share a boundary. */
const BLOCK_STEP = 0.22;
const COLUMNS = 4;

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export const blockBox = (block: number): Box => ({
  ...BLOCK,
  south: round(BLOCK.south + (block - 1) * BLOCK_STEP),
  north: round(BLOCK.north + (block - 1) * BLOCK_STEP),
});

/**
 * `count` boxes tiling `box` without gaps or overlaps: rows of `columns` cells, the last row's cells widened to fill
 * it. Cells are numbered west to east, south to north.
 */
export function tile(box: Box, count: number, columns = Math.ceil(Math.sqrt(count))): Box[] {
  const rows = Math.ceil(count / columns);
  const height = (box.north - box.south) / rows;
  const cells: Box[] = [];
  for (let row = 0; row < rows; row++) {
    const inRow = Math.min(columns, count - row * columns);
    const width = (box.east - box.west) / inRow;
    for (let col = 0; col < inRow; col++) {
      cells.push({
        west: round(box.west + col * width),
        east: col === inRow - 1 ? box.east : round(box.west + (col + 1) * width),
        south: round(box.south + row * height),
        north: row === rows - 1 ? box.north : round(box.south + (row + 1) * height),
      });
    }
  }
  return cells;
}

/** The community boxes of a block, in the order of its communities. */
export const communityBoxes = (block: number, communities: number): Box[] => tile(blockBox(block), communities, COLUMNS);

export const ringOf = (b: Box): Ring => [[b.west, b.south], [b.east, b.south], [b.east, b.north], [b.west, b.north], [b.west, b.south]];

export const boxOf = (ring: Ring): Box => ({
  west: Math.min(...ring.map((p) => p[0])),
  south: Math.min(...ring.map((p) => p[1])),
  east: Math.max(...ring.map((p) => p[0])),
  north: Math.max(...ring.map((p) => p[1])),
});

/** A point of the box at fractions (fx, fy) of its width and height, kept off the edges (2 % margin). */
export function pointIn(b: Box, fx: number, fy: number): [number, number] {
  const clamp = (f: number) => 0.02 + Math.min(1, Math.max(0, f)) * 0.96;
  return [round(b.west + clamp(fx) * (b.east - b.west)), round(b.south + clamp(fy) * (b.north - b.south))];
}
