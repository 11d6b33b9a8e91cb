// Township overlays: a township's copy of a city definition rebased onto the city's newer version (three-way).
export {
  rebaseBpmn,
  type AddedElement,
  type BpmnRebaseInput,
  type MergeChange,
  type MergeConflict,
  type RebaseResult,
  type Side,
} from './bpmn-rebase.js';
export { rebaseForm, type FormRebaseInput, type FormRebaseResult } from './form-rebase.js';
export { rebaseDmn, type DmnRebaseInput, type DmnRebaseResult } from './dmn-rebase.js';
