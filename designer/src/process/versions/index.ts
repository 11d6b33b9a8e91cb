export { compareVersions, type ElementChange, type ReadBpmn } from './diff.js';
export { DiffList, propertyLabel, typeLabel } from './DiffList.js';
export { highlightChanges } from './highlight.js';
export { OverlayBanner } from './OverlayBanner.js';
export { VersionHistory } from './VersionHistory.js';
import './versions.css';
export { useOverlay, type Overlay } from './use-overlay.js';
