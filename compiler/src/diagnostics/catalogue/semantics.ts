/** JIG2001–JIG2999: names, scopes and types. */
import { define } from '../definition.js';

export {};
void define;
