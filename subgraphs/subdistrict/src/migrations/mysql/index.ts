// Generated: every migration of this dialect, oldest first.
import { Init1795900000000 } from './1795900000000-Init';
import { ReferenceData1795900000001 } from './1795900000001-ReferenceData';
import { ReporterIdempotency1796001573005 } from './1796001573005-ReporterIdempotency';
import { SeasonalCategories1796004008467 } from './1796004008467-SeasonalCategories';
import { WorkingCalendar1796004416160 } from './1796004416160-WorkingCalendar';
import { RedSupervision1796006201499 } from './1796006201499-RedSupervision';
import { Webhooks1796008796232 } from './1796008796232-Webhooks';

export const migrations = [Init1795900000000, ReferenceData1795900000001, ReporterIdempotency1796001573005, SeasonalCategories1796004008467, WorkingCalendar1796004416160, RedSupervision1796006201499, Webhooks1796008796232];
