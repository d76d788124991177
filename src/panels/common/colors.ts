import { schemeTableau10 } from 'd3';
import type { ScheduleKind } from '../../diffusion/schedules';

/** One colour per schedule, the same in every chart, legend and strip row. */
export const SCHEDULE_COLORS: Record<ScheduleKind, string> = {
  linear: schemeTableau10[0],
  cosine: schemeTableau10[1],
  quadratic: schemeTableau10[4],
  sigmoid: schemeTableau10[2],
};
