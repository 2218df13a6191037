/** JIG6001–JIG6999: deploying to Azure. */
import { define } from '../definition.js';

export {};
void define;
