export { compileDmn } from './compile.js';
