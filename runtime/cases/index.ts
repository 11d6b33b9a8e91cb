// Cases (process instances): listing, reading, variables, notes, cancellation; the case file
// (一案一卷): data by step under field permissions, opinions, timeline, printing.
export { visibleInstance } from './queries.js';
export { instanceView } from './views.js';
export { instanceRoutes, opinionBodySchema, type PrintSection } from './routes.js';
export { localTime } from './print.js';
export { readCaseFile, type CaseFile } from './case-data.js';
export { checkCompletion, stepForm, stepView } from './step-form.js';
export { requireCaseAttachments } from './attachment-refs.js';
export { addOpinion } from './opinions.js';
export { CASE_DATA_SCHEMA, OPINION_SCHEMA } from './schemas.js';
export { backfillCaseSearch, indexCaseInCommand } from './search-index.js';
export { searchCases, type CaseQuery } from './search.js';
