/** JIG4001–JIG4999: what Logic Apps refuses on save, and its service limits, seen at compile time. */
import { define } from '../definition.js';

export {};
void define;
