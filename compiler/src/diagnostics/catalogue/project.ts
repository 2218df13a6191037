/** JIG5001–JIG5999: the project file (jig.yaml) and the policy file. */
import { define } from '../definition.js';

export {};
void define;
