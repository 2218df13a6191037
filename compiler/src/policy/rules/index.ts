/** Every rule the compiler implements, by the id a policy file applies it with. */
import type { RuleId } from '../rule-catalogue.js';
import type { PolicyRule } from './rule.js';
import { dataRequired, purposeRequired, retainRequired } from './mandatory-annotations.js';
import { dataCoverage, unusedCategory } from './data-coverage.js';
import { declassification } from './declassification.js';
import { categoryDefined, processorListed, purposeListed } from './vocabulary.js';
import { personalPurpose } from './s01-personal-purpose.js';
import { allowedStores } from './s02-allowed-stores.js';
import { sharing } from './s03-sharing.js';
import { secondaryUse } from './s04-secondary-use.js';
import { aggregation } from './s05-aggregation.js';
import { optOut } from './s06-opt-out.js';
import { subjectKey } from './s06-subject-key.js';
import { rightsCoverage } from './s06-rights-coverage.js';
import { retention } from './s08-retention.js';
import { runHistory } from './run-history.js';
import { minors } from './s09-minors.js';
import { pin } from './s10-pin.js';

/** s07-regions is not here: regions belong to deployment, which calls `checkDeploymentRegion`. */
export const RULES: ReadonlyMap<RuleId, PolicyRule> = new Map(
  [
    purposeRequired,
    dataRequired,
    retainRequired,
    categoryDefined,
    purposeListed,
    processorListed,
    dataCoverage,
    declassification,
    unusedCategory,
    personalPurpose,
    allowedStores,
    sharing,
    secondaryUse,
    aggregation,
    optOut,
    subjectKey,
    rightsCoverage,
    retention,
    runHistory,
    minors,
    pin,
  ].map((rule) => [rule.id, rule]),
);
