import { useEffect, useState } from 'react';
import { useApi, useApp } from '../app/AppContext.js';
import { acceptOf, kindsTextOf } from '../shared/attachment-kinds.js';
import type { FileFieldContext } from '../shared/FileWidget.js';

/**
 * What a task form's file fields need: uploads go to the task (the step recorded with them), within
 * the unit's attachment policy; the names of the case's attachments a draft already holds.
 */
export function useTaskFiles(task: { id: string; tenant: string; processInstanceId: string } | null) {
  const api = useApi();
  const { t } = useApp();
  const [files, setFiles] = useState<FileFieldContext | undefined>(undefined);
  useEffect(() => {
    setFiles(undefined);
    if (!task) return;
    let live = true;
    void Promise.all([api.attachmentPolicy(task.tenant), api.caseAttachments(task.processInstanceId)]).then(
      ([policy, existing]) => {
        if (!live) return;
        const { kinds, maxFileBytes, maxPerCase } = policy.effective;
        setFiles({
          upload: async (file) => {
            const added = await api.attach({ taskId: task.id }, file);
            return { ref: added.id, fileName: added.fileName };
          },
          accept: acceptOf(kinds),
          kindsText: kindsTextOf(kinds, t),
          maxFiles: maxPerCase,
          maxFileBytes,
          names: Object.fromEntries(existing.map((a) => [a.id, a.fileName])),
        });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, t, task]);
  return files;
}
