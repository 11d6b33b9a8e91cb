// TaskForm (rjsf, ajv) as an entry of the staff app's build, for the public pages: their own build
// (Preact, no rjsf) loads it only for a form its light renderer does not draw
// (designer/src/public/full-form-island.tsx), and it draws that form with React in its element.
import { createRoot } from 'react-dom/client';
import { AppContext, type AppContextValue } from '../app/AppContext.js';
import { translate, type Locale } from '../app/i18n/index.js';
import { TaskForm } from './TaskForm.js';

export type TaskFormProps = Parameters<typeof TaskForm>[0];

export interface TaskFormIsland {
  render(props: TaskFormProps): void;
  unmount(): void;
}

export function mountTaskForm(element: HTMLElement, locale: Locale): TaskFormIsland {
  const root = createRoot(element);
  const visitor: AppContextValue = {
    locale,
    t: (key, vars) => translate(locale, key, vars),
    api: null,
    signOut: () => undefined,
  };
  return {
    render: (props) =>
      root.render(
        <AppContext.Provider value={visitor}>
          <TaskForm {...props} />
        </AppContext.Provider>,
      ),
    unmount: () => root.unmount(),
  };
}
