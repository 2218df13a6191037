/**
 * JIG3001–JIG3999: the privacy policy. JIG30xx are the rules every policy has (mandatory
 * annotations, unknown names); JIG3Sxx are the rules of policy section S (JIG3101: §1 …).
 */
import { define } from '../definition.js';

export {};
void define;
