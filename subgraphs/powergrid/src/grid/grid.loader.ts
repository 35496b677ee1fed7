import DataLoader from 'dataloader';
import { defineLoader } from '@gridhub/kit';
import type { Grid } from './grid.type';

/** Grid references need no lookup here: the community subgraph owns grids; this one only adds `treeHazards`. */
export const gridReference = defineLoader<number, Grid>('gridReference', () => new DataLoader(async (ids) => ids.map((id) => ({ id }))));
