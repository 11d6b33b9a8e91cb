import { lazy } from 'react';

/**
 * The full renderer (rjsf, ajv) for a form the light one does not draw, loaded only then. In the
 * staff app's build this module; in the public build (Preact) designer/build.ts puts
 * full-form-island.tsx in its place, which loads the staff build's React TaskForm.
 */
export const FullForm = lazy(() => import('../shared/TaskForm.js').then((m) => ({ default: m.TaskForm })));
