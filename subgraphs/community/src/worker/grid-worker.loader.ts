import DataLoader from 'dataloader';
import { byId, defineLoader, groupedBy } from '@gridhub/kit';
import { GridAssignmentEntity, GridWorkerEntity } from './grid-worker.entity';

export const gridWorkerById = byId(GridWorkerEntity, 'gridWorkerById');
export const workersByCommunity = groupedBy(GridWorkerEntity, 'communityId', 'workersByCommunity');
export const assignmentsByWorker = groupedBy(GridAssignmentEntity, 'workerId', 'assignmentsByWorker');

/** Workers covering each grid: the assignments and the workers, two statements per batch. */
export const workersByGrid = defineLoader<number, GridWorkerEntity[]>('workersByGrid', (data) =>
  new DataLoader(async (gridIds) => {
    const assignments = await data.query(GridAssignmentEntity, 'a').andWhere('a.gridId IN (:...grids)', { grids: [...gridIds] }).getMany();
    const workers = assignments.length
      ? await data.query(GridWorkerEntity, 'w').andWhere('w.id IN (:...ids)', { ids: [...new Set(assignments.map((a) => a.workerId))] }).getMany()
      : [];
    const byId = new Map(workers.map((w) => [w.id, w]));
    return gridIds.map((g) =>
      assignments.filter((a) => a.gridId === Number(g)).map((a) => byId.get(a.workerId)!).filter(Boolean),
    );
  }),
);
