import { useEffect, useRef, useState } from 'react';
import { useApp } from '../app/AppContext.js';
import type { TaskFormIsland, TaskFormProps } from '../shared/task-form-island.js';

/** The address of the staff build's `form-island` entry (designer/build.ts defines it for the public build). */
declare const FORM_ISLAND: string;

/**
 * The public build's full renderer (in full-form.tsx's place): the staff build's TaskForm, React and
 * rjsf with it, drawn into an element of this page, loaded only for a form the light renderer does not draw.
 */
export function FullForm(props: TaskFormProps) {
  const { locale } = useApp();
  const element = useRef<HTMLDivElement>(null);
  const [island, setIsland] = useState<TaskFormIsland | null>(null);
  useEffect(() => {
    let gone = false;
    let mounted: TaskFormIsland | undefined;
    void (import(/* @vite-ignore */ FORM_ISLAND) as Promise<typeof import('../shared/task-form-island.js')>).then(
      (m) => {
        if (gone || !element.current) return;
        mounted = m.mountTaskForm(element.current, locale);
        setIsland(mounted);
      },
    );
    return () => {
      gone = true;
      mounted?.unmount();
      setIsland(null);
    };
  }, [locale]);
  useEffect(() => island?.render(props));
  return (
    <div ref={element}>
      <p className="muted loading">…</p>
    </div>
  );
}
