import { useApp } from '../../app/AppContext.js';
import type { T } from '../../app/i18n/index.js';
import type { MessageKey } from '../../app/i18n/zh-CN.js';
import type { ElementChange } from './diff.js';

const KIND_LABEL = { added: 'diffAdded', removed: 'diffRemoved', changed: 'diffChanged' } as const;
const PROPERTY_KEYS = new Set([
  'name',
  'conditionExpression',
  'extensionElements',
  'default',
  'sourceRef',
  'targetRef',
  'documentation',
  'location',
]);
const TYPE_KEYS = new Set([
  'UserTask',
  'ServiceTask',
  'SequenceFlow',
  'ExclusiveGateway',
  'ParallelGateway',
  'InclusiveGateway',
  'StartEvent',
  'EndEvent',
  'BoundaryEvent',
  'IntermediateCatchEvent',
  'SubProcess',
  'Lane',
  'Participant',
]);

/** An element type as the lists name it (用户任务, 连线 …). */
export function typeLabel(t: T, type: string): string {
  const short = type.replace(/^bpmn:/, '');
  return t(`diffType_${TYPE_KEYS.has(short) ? short : 'other'}` as MessageKey);
}

/** A changed property as the lists name it (名称, 办理设置 …). */
export function propertyLabel(t: T, p: string): string {
  return t(`diffProp_${PROPERTY_KEYS.has(p) ? p : 'other'}` as MessageKey);
}

/** The elements that differ between two versions, by name, coloured as on the canvas; click selects one still drawn. */
export function DiffList({
  title,
  changes,
  emptyText,
  onSelect,
}: {
  title: string;
  changes: ElementChange[];
  emptyText: string;
  onSelect?(id: string): void;
}) {
  const { t } = useApp();
  const typeName = (type: string) => typeLabel(t, type);
  const property = (p: string) => propertyLabel(t, p);
  return (
    <section className="diff-list" aria-label={title}>
      <h3>{title}</h3>
      {changes.length === 0 && <p className="muted">{emptyText}</p>}
      <ul>
        {changes.map((c) => (
          <li key={`${c.kind}-${c.id}`} className={`diff-${c.kind}`}>
            <button
              type="button"
              className="link"
              disabled={c.kind === 'removed' || !onSelect}
              onClick={() => onSelect?.(c.id)}
            >
              <strong>{t(KIND_LABEL[c.kind])}</strong>　{c.name || t('diffUnnamed', { type: typeName(c.type) })}
            </button>
            {c.properties.length > 0 && (
              <span className="muted">
                　{t('diffProperties', { properties: [...new Set(c.properties.map(property))].join('、') })}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
