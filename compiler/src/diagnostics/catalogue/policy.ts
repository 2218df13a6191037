/**
 * JIG3001–JIG3999: the privacy policy. JIG30xx are the rules every policy has (mandatory
 * annotations, unknown names, waivers; §10, whose number does not fit the JIG3Sxx scheme, uses
 * JIG306x); JIG3Sxx are the rules of policy section S (JIG3101: §1 …, JIG3901–JIG3949: §9);
 * JIG3950–JIG3999 are problems of the policy file itself. A policy diagnostic's message says what
 * was found; the citation (`policy: { section, quote }`) that every output format prints says
 * which sentence of the policy it breaks, so messages do not repeat the quote.
 */
import { define } from '../definition.js';

// ---------------------------------------------------------------------------------------------
// Rules every policy has

export const missingPurpose = define<{ flow: string }>({
  code: 'JIG3001',
  name: 'missing-purpose',
  area: 'policy',
  severity: 'error',
  title: 'A flow has no @purpose',
  message: ({ flow }) => `Flow '${flow}' has no @purpose(PURPOSE, "reason"): every flow states why it uses data.`,
  explanation:
    'Every flow must say why it processes data, with `@purpose(PURPOSE, "reason")` above `flow`. PURPOSE is one the policy lists (JigAjob: `automation` for the automation a client asked for; `marketing`, `analytics` and `research` for secondary uses, which may only handle anonymized aggregates). The purpose decides which other rules apply: personal data may only be used by a primary purpose (§1), and secondary purposes see only aggregates (§4). The quick fix inserts an `automation` purpose; write the real reason.',
});

export const missingData = define<{ flow: string }>({
  code: 'JIG3002',
  name: 'missing-data',
  area: 'policy',
  severity: 'error',
  title: 'A flow has no @data',
  message: ({ flow }) => `Flow '${flow}' has no @data(…): declare the data categories it touches.`,
  explanation:
    'Every flow declares the data categories it touches with `@data(CATEGORY, …)`. The compiler computes the categories that really reach the flow (from its trigger, the fields it reads, queries and responses) and checks that the declaration covers them, so the declaration is a reviewed, truthful summary of what the flow handles. A parent category covers its children: `@data(personal)` covers `personal.name`. The quick fix declares the categories the flow really touches.',
});

export const missingRetain = define<{ flow: string }>({
  code: 'JIG3003',
  name: 'missing-retain',
  area: 'policy',
  severity: 'error',
  title: 'A flow has no @retain',
  message: ({ flow }) => `Flow '${flow}' has no @retain(N UNIT): state how long what it persists is kept.`,
  explanation:
    'Every flow states a finite retention with `@retain(N UNIT)` (`days`, `weeks`, `months`, `years`), even one that stores nothing today: the policy commits to keeping data only as long as necessary (§8). The retention becomes the Cosmos DB `ttl` of every document the flow writes, and may not exceed the policy maximum of any category stored (JIG3801); a `@retain` that states no finite period is JIG3802. The quick fix inserts the shortest of the maxima of the categories the flow handles (declared or reached, stored or not; 30 days when none has one): what the most protected of them allows, not the longest the policy knows.',
});

export const undeclaredCategory = define<{ categories: readonly string[]; origin: string }>({
  code: 'JIG3004',
  name: 'undeclared-category',
  area: 'policy',
  severity: 'error',
  title: 'Data of a category the flow does not declare reaches it',
  message: ({ categories, origin }) =>
    categories.length === 1
      ? `Category '${categories[0]}' reaches this flow through ${origin}, but the flow's @data does not declare it.`
      : `Categories ${categories.map((category) => `'${category}'`).join(', ')} reach this flow through ${origin}, but the flow's @data does not declare them.`,
  explanation:
    "The flow's `@data(…)` must cover every category that really reaches it. The diagnostic points at the step that brings the category in, once for all the undeclared categories it brings. Sources that mix business and personal accounts (the Office 365 mailbox) carry personal categories, and minors' data, whether or not the author expected them (policy §1 and §9): a flow triggered by mail must declare them, and then every rule about personal and minors' data applies to it. Fix it by adding the category (or its parent) to `@data`, or by not reading the field that carries it.",
});

export const unusedCategory = define<{ category: string }>({
  code: 'JIG3005',
  name: 'unused-category',
  area: 'policy',
  severity: 'warning',
  title: 'A declared category never reaches the flow',
  message: ({ category }) => `Category '${category}' is declared in @data, but no data of this flow carries it.`,
  explanation:
    "`@data` is the flow's data inventory, read by reviewers and by `jig report`. A category declared but never touched overstates what the flow handles; remove it (the quick fix does), or check that the field that should carry it is annotated with it.",
});

export const unknownCategory = define<{ category: string; suggestion?: string }>({
  code: 'JIG3006',
  name: 'unknown-category',
  area: 'policy',
  severity: 'error',
  title: 'A data category the policy does not define',
  message: ({ category, suggestion }) =>
    `Unknown data category '${category}'.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
  explanation:
    "Data categories come from the policy's taxonomy (`jig policy show` lists them): `business.*`, `personal.*`, `aggregate.anonymized` and `system.operational` in the JigAjob policy. A category the policy does not define cannot be checked against any rule, so it is an error wherever it is written: on a type's field or in `@data`. A company adds categories in its own policy file.",
});

export const unknownPurpose = define<{ purpose: string; suggestion?: string; known: string }>({
  code: 'JIG3007',
  name: 'unknown-purpose',
  area: 'policy',
  severity: 'error',
  title: 'A purpose the policy does not list',
  message: ({ purpose, suggestion, known }) =>
    `Unknown purpose '${purpose}'.${suggestion ? ` Did you mean '${suggestion}'?` : ''} The policy lists: ${known}.`,
  explanation:
    'A flow may only pursue a purpose the policy lists (§4: the automation a client asked for, and marketing, analytics and research with anonymized aggregates). Pick one of them; a company that needs another purpose adds it to its policy file, as primary or secondary.',
});

export const unknownProcessor = define<{ processor: string; suggestion?: string }>({
  code: 'JIG3008',
  name: 'unknown-processor',
  area: 'policy',
  severity: 'error',
  title: '@share names a processor the policy does not list',
  message: ({ processor, suggestion }) =>
    `Unknown processor '${processor}'.${suggestion ? ` Did you mean '${suggestion}'?` : ' The policy lists no processor of that name.'}`,
  explanation:
    "`@share(PROCESSOR, \"reason\")` must name a third party the policy lists under `processors`, with the hosts it is reached at and the categories it may receive. The JigAjob policy lists none, because its text names none (§3); a company adds its processors in a policy that extends it (`extends: jigajob`).",
});

export const unknownRule = define<{ rule: string; suggestion?: string }>({
  code: 'JIG3009',
  name: 'unknown-rule',
  area: 'policy',
  severity: 'error',
  title: '@allow names a rule the policy does not have',
  message: ({ rule, suggestion }) =>
    `Unknown policy rule '${rule}' in @allow.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
  explanation:
    '`@allow(RULE, "reason")` waives one rule, named by its id (`"s06-opt-out"`) or its code (`JIG3601`). `jig policy show` lists the rules of the policy with their ids, codes and whether they may be waived.',
});

export const ruleNotWaivable = define<{ rule: string; section: string }>({
  code: 'JIG3010',
  name: 'rule-not-waivable',
  area: 'policy',
  severity: 'error',
  title: '@allow tries to waive a rule the policy does not let be waived',
  message: ({ rule, section }) => `Rule '${rule}' (§${section}) may not be waived: the policy marks it as not waivable.`,
  explanation:
    "Only rules the policy marks `waivable: true` can be waived with `@allow`. The others state what the policy promises without exception (personal data only for the requested automation, storage only in Cosmos DB, no sharing outside listed processors, minors' data never shared…); no annotation, comment or flag silences them. Change the flow instead.",
});

export const waiverWithoutReason = define<{ rule: string }>({
  code: 'JIG3011',
  name: 'waiver-without-reason',
  area: 'policy',
  severity: 'error',
  title: '@allow without a reason',
  message: ({ rule }) => `The waiver of '${rule}' has no reason: write why the rule does not apply here.`,
  explanation:
    'A waiver is a reviewed exception, and `jig report` lists every one with its reason. `@allow(RULE, "reason")` with an empty reason waives nothing.',
});

export const unusedWaiver = define<{ rule: string }>({
  code: 'JIG3012',
  name: 'unused-waiver',
  area: 'policy',
  severity: 'warning',
  title: '@allow waives nothing',
  message: ({ rule }) => `This @allow(${rule}, …) waives nothing: the rule reports nothing here.`,
  explanation:
    'A waiver that no longer matches a finding is stale: the code it excused has changed. Remove it (the quick fix does), so that the report lists only waivers that matter.',
});

export const declassificationRefused = define<{ category: string; problem: string }>({
  code: 'JIG3014',
  name: 'declassification-refused',
  area: 'policy',
  severity: 'error',
  title: '@declassify that the policy does not allow',
  message: ({ category, problem }) => `@declassify(${category}, …) is refused: ${problem}.`,
  explanation:
    "A value carries every category that flows into it, whatever type it is given: a service's response carries what it was sent, a query what the project stores in the container. `@declassify(CATEGORY, \"reason\")` on a `let` says the value no longer holds CATEGORY (the OCR service returns only the invoice total). The policy decides whether that may be said: its `declassification` rule must be waivable and list the category (or a parent of it), and the reason must say why. Each declassification is listed by `jig report` and in the JSON output, as waivers are.",
});

export const declassified = define<{ category: string; reason: string }>({
  code: 'JIG3015',
  name: 'declassified',
  area: 'policy',
  severity: 'info',
  title: 'A value is declassified',
  message: ({ category, reason }) => `'${category}' is declassified here: ${reason}`,
  explanation:
    "Records a `@declassify(CATEGORY, \"reason\")` that the policy allows: from this step on the value no longer carries CATEGORY, on the author's word and for the reason given. It is reported in every output format, as a waived finding is, so that a reviewer and the data map see every place where the analysis was told to trust the author.",
});

export const secretCarried = define<{ place: string; source: string }>({
  code: 'JIG3016',
  name: 'secret-carried',
  area: 'policy',
  severity: 'error',
  title: 'A value that may hold a secret leaves a call\'s request',
  message: ({ place, source }) =>
    `${place} may hold a secret: it comes from ${source}. A secret, and what may hold one, goes only into a call's headers, auth or body, which Jig hides from run history.`,
  explanation:
    "A secret (a `secret` param) is confined to the requests of calls, whose actions have secure inputs and outputs (JIG2050 refuses the secret itself anywhere else). So is what may hold one: what a request that sent a secret answers (a service may echo what it was sent, or answer with a token the secret bought: a call's response carries what its request sent, rule 2), what reads the run's own state where the run holds a secret (`result(…)`, `action()`, inline code's `workflowContext`, a raw action's result, which may read the inputs of the action that sent it), and every value computed from those, through `let`s, records, `select`s, tables, loops and interpolation. Such a value may not be written where Logic Apps cannot hide it or where it leaves for good: a `var`, `set` or `append` (no secure setting), a failure message, a tracked property (the diagnostic logs), an agent's messages or what its tools answer its model (its chat history), a response, a mail, a message, a stored document, a child flow's trigger (its own run history, as data), a blob's name or a URL a recipient follows; sent outside the platform it is a shared credential (JIG3306). Where the author knows what a service answers holds no secret (a rates service answers rates), `@declassify(secret, \"reason\")` on the `let` says so, and is listed as a declassification is (JIG3015).",
});

export const secretAssumptionUnconfirmed = define<{ name: string }>({
  code: 'JIG3017',
  name: 'secret-assumption-unconfirmed',
  area: 'policy',
  severity: 'error',
  title: "jig import assumed that a service's answer holds no secret",
  message: ({ name }) =>
    `jig import assumed that '${name}' holds no secret, which the imported workflow cannot say: confirm it with your own reason, or remove this @declassify.`,
  explanation:
    "What a call that authenticates (`@identity`, `auth { … }`) answers from a URL known only at run time may be a credential: Key Vault's secrets and Resource Manager's list… actions answer only such callers, and the URL may name them (JIG3016 follows such an answer as a secret). A Logic Apps workflow says nothing about it, so where `jig import` writes such a call it writes `@declassify(secret, \"jig import's assumption, to confirm: …\")` on the `let` that binds its answer: a hole, as the data categories it cannot read are. Until the author confirms it, it declassifies nothing (the answer is still followed as a secret) and `jig check` fails here. To confirm, replace the reason with yours (why this answer holds no secret: a list of virtual machines, a resource's properties); it is then listed as every declassification is (JIG3015). If the answer may hold a secret, remove the annotation: Jig then hides it from run history and keeps it in requests (JIG3016). `jig import --check` fills the hole as confirmed, as it fills the data categories.",
});

export const childFlowUndeclaredCategory = define<{ categories: readonly string[]; flow: string; argument: string; parameter?: string }>({
  code: 'JIG3013',
  name: 'child-flow-undeclared-category',
  area: 'policy',
  severity: 'error',
  title: 'A child flow receives data of a category its @data does not declare',
  message: ({ categories, flow, argument, parameter }) => {
    const listed = categories.map((category) => `'${category}'`).join(', ');
    const as = parameter ? `as its '${parameter}'` : 'as its trigger body';
    return `This call passes ${argument}, which carries ${listed}, to flow '${flow}' ${as}; declare ${categories.length === 1 ? 'it' : 'them'} in ${flow}'s @data, or pass only what it declares.`;
  },
  explanation:
    "A child flow is checked against its own `@data`, `@purpose` and `@retain`. Data passed to it with `call flow NAME with …` keeps its categories: if the child does not declare a protected one (identifying, such as personal data or a business's e-mail, or hidden from run history), the child's rules were checked for other data than it really receives, and personal data would be relabelled as business data on the way. Declare the categories in the child's `@data`, or pass only the fields it declares.",
});

export const policyPinMismatch = define<{ pinned: string; actual: string; suggestion?: string }>({
  code: 'JIG3060',
  name: 'policy-pin-mismatch',
  area: 'policy',
  severity: 'error',
  title: 'The file pins a different policy',
  message: ({ pinned, actual, suggestion }) =>
    `This file pins policy '${pinned}', but it is checked against '${actual}'.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
  explanation:
    "`policy ID >= VERSION` at the top of a file says which policy its flows were written for. The policy the project uses (jig.yaml's `policy`, `--policy`, or the embedded JigAjob policy) must be that one, or extend it. Point the project at the right policy file, or correct the pin.",
});

export const policyVersionTooOld = define<{ id: string; version: string; minimum: string }>({
  code: 'JIG3061',
  name: 'policy-version-too-old',
  area: 'policy',
  severity: 'error',
  title: 'The policy is older than the file requires',
  message: ({ id, version, minimum }) => `Policy '${id}' is at version ${version}, older than the ${minimum} this file requires.`,
  explanation:
    'The policy may change (§10). A file that pins a minimum version was written against that version\'s rules; checking it against an older policy could pass something the newer one forbids. Update the policy file, or lower the pin if the file truly works with the older version.',
});

// ---------------------------------------------------------------------------------------------
// §1 Data collection

export const personalDataSecondaryPurpose = define<{ flow: string; purpose: string; category: string }>({
  code: 'JIG3101',
  name: 'personal-data-purpose',
  area: 'policy',
  severity: 'error',
  title: 'Personal data in a flow whose purpose is not the requested automation',
  message: ({ flow, purpose, category }) =>
    `Flow '${flow}' touches personal data ('${category}') but its purpose '${purpose}' is not the automation the client requested.`,
  explanation:
    "Personal data is reached only inadvertently, and the policy promises not to use it unless it is relevant to the automation the client requested (§1). A flow that touches any `personal.*` category must have a primary purpose (`automation`). Remove the personal fields from what the flow reads, or split the flow: the automation with personal data, and a secondary flow over anonymized aggregates.",
});

export const personalDataWithoutReason = define<{ flow: string }>({
  code: 'JIG3102',
  name: 'personal-data-reason',
  area: 'policy',
  severity: 'error',
  title: 'Personal data in a flow whose @purpose gives no reason',
  message: ({ flow }) => `Flow '${flow}' touches personal data, so its @purpose must say why (the reason is empty).`,
  explanation:
    'Personal data may be used only where it is relevant to the automation the client requested (§1). The reason of `@purpose(automation, "reason")` is where the author says how: reviewers read it, and `jig report` prints it. An empty reason is not accepted for a flow that touches `personal.*` data.',
});

// ---------------------------------------------------------------------------------------------
// §2 Storage

export const storeNotAllowed = define<{ store: string; allowed: string }>({
  code: 'JIG3201',
  name: 'store-not-allowed',
  area: 'policy',
  severity: 'error',
  title: 'Data stored outside the stores the policy allows',
  message: ({ store, allowed }) => `The policy does not allow storing data in '${store}'; it allows: ${allowed}.`,
  explanation:
    "The JigAjob policy states that all data is stored on Azure, specifically in Cosmos DB (§2). `store … in blob(…)` and `store … in sql(…)` exist in the language so that a policy can forbid them: write to `cosmos(\"DATABASE\", \"CONTAINER\")` instead. An HTTP write (POST, PUT, PATCH) to a storage endpoint (Blob, Table, Queue, Files, Data Lake) stores data too, and is judged the same way. A company whose policy allows other stores lists them under `allowedStores`.",
});

// ---------------------------------------------------------------------------------------------
// §3 Sharing

export const shareRequired = define<{ destination: string; categories: string }>({
  code: 'JIG3301',
  name: 'share-required',
  area: 'policy',
  severity: 'error',
  title: 'Data sent outside the platform without @share',
  message: ({ destination, categories }) =>
    `This step sends ${categories} to ${destination}, outside the platform, without @share(PROCESSOR, "reason").`,
  explanation:
    "The platform is the client's own resources (the hosts and mail domains its jig.yaml names under `resources`) and the few services the policy binds to the client's tenant; anything else is a third party, and the policy promises not to share data with third parties beyond what the operations need (§3). Multi-tenant suffixes that anyone can rent (`*.azurewebsites.net`, `*.blob.core.windows.net`, `*.sharepoint.com`…) are not the platform. A step that sends data to a third party must name the processor it shares with, `@share(PROCESSOR, \"reason\")`, and that processor must be listed in the policy. A URL whose host cannot be known at compile time (an expression) and a mail recipient computed at run time count as third parties. The categories sent include those of the conditions the step runs under: sending even a constant only when a condition holds tells the receiver what the condition read. Steps that send no categorised data (a GET to a fixed URL) need no @share.",
});

export const processorCategoryNotAllowed = define<{ processor: string; categories: string }>({
  code: 'JIG3302',
  name: 'processor-category-not-allowed',
  area: 'policy',
  severity: 'error',
  title: 'A processor receives a category the policy does not allow it',
  message: ({ processor, categories }) => `Processor '${processor}' may not receive ${categories} under the policy.`,
  explanation:
    "Each processor the policy lists comes with the categories it may receive. Sending it anything else shares data beyond what the operation needs (§3). Send only the fields the processor needs, or have the policy owner extend the processor's categories. One finding names every category the step sends that the processor may not receive.",
});

export const processorHostMismatch = define<{ processor: string; host: string; hosts: string }>({
  code: 'JIG3303',
  name: 'processor-host-mismatch',
  area: 'policy',
  severity: 'error',
  title: 'The step calls a host the named processor is not reached at',
  message: ({ processor, host, hosts }) => `Processor '${processor}' is reached at ${hosts}, not at ${host}.`,
  explanation:
    'A `@share` names the processor that receives the data; the policy lists the hosts (or mail domains) each processor is reached at. A call to another host would hand the data to someone the policy does not name (§3), and so would a URL or a recipient only known at run time. Correct the URL or name the right processor.',
});

export const shareWithoutReason = define<{ processor: string }>({
  code: 'JIG3304',
  name: 'share-without-reason',
  area: 'policy',
  severity: 'error',
  title: '@share without a reason',
  message: ({ processor }) => `This @share(${processor}, …) has no reason: say why ${processor} needs this data.`,
  explanation:
    "Data goes to a third party only as far as the operations of the service need it (§3). `@share(PROCESSOR, \"reason\")` records that need where the data leaves, and `jig report` lists it for every processor; an empty reason records nothing. Write why the processor needs what this step sends.",
});

export const destinationRefused = define<{ url: string; reason: string }>({
  code: 'JIG3305',
  name: 'destination-refused',
  area: 'policy',
  severity: 'error',
  title: 'A URL that hides where the data goes',
  message: ({ url, reason }) => `The URL ${url} is refused: ${reason}.`,
  explanation:
    "A destination is where the data really goes, and Jig reads a URL as the runtime does (the WHATWG URL standard). A URL with user information (`https://good.example@evil.example/`), a backslash (`https://evil.example\\@good.example/`), a scheme other than http(s) or a text that is no URL cannot be checked against the policy's platform and processors, so it is refused (§3). Write the plain URL of the host the data is for, and put credentials in a header.",
});

export const credentialShared = define<{ credential: string; destination: string; remedy: string }>({
  code: 'JIG3306',
  name: 'credential-shared',
  area: 'policy',
  severity: 'error',
  title: 'A credential sent where it is not for',
  message: ({ credential, destination, remedy }) => `This call sends ${credential} to ${destination}, outside the platform: whoever runs it could use it to reach the data it opens. ${remedy}`,
  explanation:
    "A credential opens data: a secret parameter (an API key) and a token of the workflow's managed identity (`@identity(\"AUDIENCE\")`, for Azure Resource Manager when no audience is given) let whoever holds them read what they give access to, so sending one outside the platform shares that data (§3). A secret goes outside only with `@share(PROCESSOR, \"reason\")` naming a processor the policy lists, reached at that host (its own API key, say). A managed identity's token goes outside only to the service it is for, the host of its audience (a token for `https://api.partner.example` to `api.partner.example`); a token for Resource Manager, Graph, Key Vault or storage never leaves the client's own resources, since it acts as the client there (a token for `https://vault.azure.net` is good at every vault, the client's too, so another's vault is no place for it).",
});

export const answerToRequester = define<{ right: string; categories: string }>({
  code: 'JIG3307',
  name: 'answer-to-requester',
  area: 'policy',
  severity: 'error',
  title: 'A data-subject request answered to whoever asks',
  message: ({ right, categories }) =>
    `This response answers the caller of a data-subject request (${right}) with ${categories}: a flow that serves data subjects' requests (@rights) is called by whoever asks, whom it does not verify, so its answer is a disclosure to a third party. Answer with a status only, and send what the request finds to the client's own mailbox, where the requester's identity is checked before it is passed on.`,
  explanation:
    "A response goes to whoever calls the flow's request trigger. Jig counts that caller as the client's own for an ordinary flow, since the client hands out the trigger's signed URL; a flow marked `@rights(RIGHT, KIND)` is for the data subjects themselves, who call it with a key that names a person (`{ \"key\": \"ann@x.example\" }`), and nothing in the flow checks that the caller is that person. Answering with the documents kept under the key, or with anything that depends on them (how many there are, whether a delete found them), tells anyone who knows someone's address what the client keeps about them (§3 and §6: a person may access their own data; minors' data never leaves the platform, §9). A rights flow answers with a status that says only that the request was received (`respond 202` before it reads anything), and sends the export to the client's own mailbox (`jig rights --mailbox ADDRESS`), whose staff check the requester's identity before passing it on.",
});

// ---------------------------------------------------------------------------------------------
// §4 Secondary use

export const secondaryUseOfRawData = define<{ purpose: string; category: string; sink: string }>({
  code: 'JIG3401',
  name: 'secondary-use-raw-data',
  area: 'policy',
  severity: 'error',
  title: 'A secondary-purpose flow passes on data that is not an anonymized aggregate',
  message: ({ purpose, category, sink }) =>
    `A flow for '${purpose}' may pass on only anonymized aggregates, but this ${sink} receives '${category}'.`,
  explanation:
    "Outside the automation a client asked for, the policy allows only anonymized and aggregated data, for marketing, analytics and research (§4). In a flow whose purpose is secondary, every store, call, mail, response, child flow, failure message and tracked property (the diagnostic logs keep it) receives only `aggregate.anonymized` (and technical data about no one), and so does a `delete`, which acts on the record its key names, and so do the conditions each runs under: a step inside `if` or `for each` over raw data tells its receiver about that data, and a counter changed under such a condition is a count of records that answers to no minimum group size. Produce aggregates with `let stats = aggregate records by FIELD { … }`, which drops groups under the policy's minimum size, and pass `stats` on.",
});

export const secondaryPurposeDeclaresPersonal = define<{ purpose: string; category: string }>({
  code: 'JIG3402',
  name: 'secondary-purpose-declares-personal',
  area: 'policy',
  severity: 'error',
  title: 'A secondary-purpose flow declares personal data',
  message: ({ purpose, category }) => `A flow for '${purpose}' may not declare '${category}': it handles anonymized aggregates only.`,
  explanation:
    "Outside the automation a client asked for, the policy allows only anonymized and aggregated data (§4), and personal data is used only for the requested automation (§1). A flow whose purpose is secondary may therefore not declare a personal category in `@data`: whatever it reads that Jig cannot see into counts as holding every declared category, and a declared personal category would let it through. Aggregate in the automation flow, or read only business data here.",
});

export const secondaryFlowStartsPrimary = define<{ flow: string; purpose: string; starter: string; starterPurpose: string }>({
  code: 'JIG3403',
  name: 'secondary-flow-starts-primary',
  area: 'policy',
  severity: 'error',
  title: 'A secondary-purpose flow starts a flow of the automation',
  message: ({ flow, purpose, starter, starterPurpose }) =>
    `Flow '${flow}' is for '${purpose}', but flow '${starter}', for '${starterPurpose}', starts it: a run it starts serves '${starterPurpose}' with the raw data this flow reads.`,
  explanation:
    "Outside the automation a client asked for, the policy allows only anonymized and aggregated data (§4). A flow runs for whoever starts it: a flow for marketing, analytics or research that calls a flow of the automation (`call flow`), or sends the Service Bus message, posts the Event Grid event or stores the SharePoint item that triggers it, has it read, share and keep raw data for that secondary purpose, where no check of §4 sees it and no query of it is filtered on opt-outs (§6). Give the started flow the secondary purpose too, so that it is held to §4, or start it only from flows of the automation.",
});

export const secondaryFlowStartsUnseenRun = define<{ purpose: string; destination: string }>({
  code: 'JIG3404',
  name: 'secondary-flow-starts-unseen-run',
  area: 'policy',
  severity: 'error',
  title: 'A secondary-purpose flow may start a workflow Jig cannot see',
  message: ({ purpose, destination }) =>
    `This step may start a run of a logic app that Jig cannot tie to a flow of the project, at ${destination}; a flow of the automation started from this '${purpose}' flow would serve '${purpose}' with raw data.`,
  explanation:
    "A run serves the purpose of the flow that starts it (JIG3403). Jig sees which flow a `call flow`, a Service Bus message, an Event Grid event or a SharePoint item starts; it cannot see which one `call workflow`, a connection it cannot identify, a URL only known at run time, a Consumption trigger's host (`*.logic.azure.com`, in the URL or in a `Host` header, which a front end routes by) or a path to a trigger (`…/triggers/…`) starts: it may be a flow of the automation, which would then read, share and keep raw data for the secondary purpose, unchecked by §4 and unfiltered on opt-outs (§6). Start flows of the project with `call flow`, so that Jig can judge what the started flow does, or give the call a URL that reaches only what it names.",
});

// ---------------------------------------------------------------------------------------------
// §5 Aggregation

export const identifyingAggregateKey = define<{ field: string; category: string }>({
  code: 'JIG3501',
  name: 'identifying-aggregate-key',
  area: 'policy',
  severity: 'error',
  title: 'An aggregate is grouped by an identifying field',
  message: ({ field, category }) =>
    `'${field}' is '${category}', which identifies a business or a person: it cannot be an aggregate key.`,
  explanation:
    'Aggregates must make individual businesses unidentifiable (§5). Grouping by a field that names a business or a person (an identifying category: every `personal.*`, `business.email`, `business.contact`) yields one group per business, which identifies it. Group by a non-identifying field such as an industry or a region.',
});

export const identifyingAggregateOutput = define<{ field: string; category: string; fn: string }>({
  code: 'JIG3502',
  name: 'identifying-aggregate-output',
  area: 'policy',
  severity: 'error',
  title: 'An identifying value reaches an aggregate output',
  message: ({ field, category, fn }) =>
    `${fn}(${field}) would output a '${category}' value, which identifies a business or a person.`,
  explanation:
    "Identifying categories may be counted or summed over, but never reach an aggregate's output (§5): `min` and `max` return one record's value. Count them, or aggregate a non-identifying field.",
});

export const aggregateOfCopies = define<{ source: string; size: number }>({
  code: 'JIG3503',
  name: 'aggregate-of-copies',
  area: 'policy',
  severity: 'error',
  title: "An aggregate's groups may hold copies of one record",
  message: ({ source, size }) =>
    `This aggregate groups ${source}, a list the flow builds itself: it may repeat one record, and a group of ${size} copies of it is that record.`,
  explanation:
    "Groups smaller than the policy's minimum are dropped so that an aggregate never describes one business or one person (§5); a group counts records, so it means something only for records the flow did not multiply. A list the flow writes out (`[a, a, a, a, a]`), builds with `range`, `json` or another function, or appends to in a `var`, can repeat one record as often as the minimum asks, and its totals are that record's. Aggregate the records as the flow reads or receives them: a `query`, a list of the request or of a response, narrowed by `where`, `select`, `take` or `skip`.",
});

export const aggregateWithoutSubjects = define<{ purpose: string; size: number }>({
  code: 'JIG3504',
  name: 'aggregate-without-subjects',
  area: 'policy',
  severity: 'error',
  title: "A secondary flow's aggregate cannot count whom its groups are about",
  message: ({ purpose, size }) =>
    `A flow for '${purpose}' aggregates records that mark no field naming whom each is about: a group of ${size} of them may be one business's or one person's. Mark that field of the records' type with @subject(KIND).`,
  explanation:
    "Groups smaller than the policy's minimum are dropped so that an aggregate never describes one business or one person (§5). The minimum is about them, not about records: five purchases of one client form a group whose total is that client's. So a group counts the distinct values of the field that says whom a record is about, the field of the records' type marked `@subject(KIND)` that carries a category naming a business or a person (`business.contact`, `business.email`, `personal.*`); with several such fields, each must reach the minimum. Records whose type marks none, or marks one that names no one (an invoice number), cannot be counted that way, and a flow with a secondary purpose may not aggregate them: mark the field (`client: string @business.contact @subject(client)`) in the type the `query` returns or the list is declared with. The mark counts where the records were read, not on a type the flow gives them afterwards (a typed `let` of a `select`'s rows, whose subject the flow computes), and a query's mark counts only on a field that the project's stores into the container fill with a category naming someone (an id made by `guid()` names no one, whatever the query's type says) with the identifying value itself, copied as read (or made alike with `toLower`, `toUpper`, `trim`): a value computed from it and something new on each record (the client and a `guid()` in one text, the client joined to the invoice number) names the client but counts them once a record. A flow of the automation counts records where no field is marked, and subjects where one is.",
});

export const aggregatesDiffer = define<{ name: string; other?: string; size: number }>({
  code: 'JIG3505',
  name: 'aggregates-differ',
  area: 'policy',
  severity: 'error',
  title: 'Two aggregates of the same records give back the groups the minimum dropped',
  message: ({ name, other, size }) =>
    other === undefined
      ? `'${name}' aggregates records chosen anew on each pass of its loop: the difference of two passes' groups is a group the minimum of ${size} does not check. Aggregate those records once, or by the same choice on every pass.`
      : `'${name}' aggregates the records '${other}' does, grouped or chosen otherwise: the difference of their groups is a group the minimum of ${size} does not check. Aggregate those records once, or again only by the same key over the same records.`,
  explanation:
    "Groups smaller than the policy's minimum are dropped so that an aggregate never describes one business or one person (§5). Two aggregates of the same records give back what was dropped: the total of every region less the totals of the industries shown is the total of the industries dropped, and the total of all the sales less that of the sales under a million is the total of the few over it, a group of one client perhaps. So a flow with a secondary purpose aggregates a set of records (the same query's container, the same list of its request, followed through `let`s, loop variables and field reads) once, or again only by the same key over the same choice of them (the same `where`, `take` or `skip`, or none): outputs may differ (a count and a total of the same groups add no group). So does one aggregate in a loop whose choice reads what changes from pass to pass (the loop's variable, a `var`): each pass releases another choice of the records. Aggregate other records (another container), or put each breakdown in a flow of its own whose output is judged on its own; Jig does not compare what several flows, or several runs of one flow, release.",
});

// ---------------------------------------------------------------------------------------------
// §6 Opt-out

export const optOutUnfilterable = define<{ purpose: string; source: string }>({
  code: 'JIG3601',
  name: 'opt-out-unfilterable',
  area: 'policy',
  severity: 'error',
  title: 'A secondary-purpose flow reads records the opt-out filter cannot reach',
  message: ({ purpose, source }) =>
    `A flow for '${purpose}' must exclude opted-out records, but records arriving through ${source} cannot be filtered; read them with query cosmos(…).`,
  explanation:
    "Users may opt out of any collection that is not essential to their automations (§6). Jig enforces that by construction: in a flow with a secondary purpose, every `query cosmos(…)` and aggregate excludes records whose opt-out field (the policy's `optOutField`) is true. Records that arrive another way (an HTTP request, a mailbox, an HTTP response) bypass that filter. Read the records from Cosmos DB, or, if the sender already excludes opted-out records, waive the rule with `@allow(\"s06-opt-out\", \"reason\")`.",
});

export const subjectKeyMissing = define<{ categories: string; container: string; where: string; annotation: string }>({
  code: 'JIG3602',
  name: 'subject-key-missing',
  area: 'policy',
  severity: 'error',
  title: 'A store keeps personal data without a field that says whose it is',
  message: ({ categories, container, where, annotation }) =>
    `This store keeps personal data (${categories}) in ${container}, but nothing marks whose it is: mark the field that identifies the person with ${annotation} ${where}.`,
  explanation:
    'Upon request, people can access, correct or delete their data, and opt out (§6). To find a person\'s documents, every store that keeps personal data marks the field of the documents that identifies the data subject, and names the kind of subject: `email: string @personal.contact @subject(customer)` on a field of the stored type, or, for a record literal, `store { … } in cosmos(…) @subject(customer, email)` on the store. `jig rights` generates the flows that serve the requests from these keys, and `jig report` lists where each kind of subject\'s data lives. The quick fix marks the field that most looks like an identifier; check it, and name the kind of person (customer, employee, contact). Where no field can identify the person, waive the rule with `@allow(s06-subject-key, "reason")` and say how requests are served.',
});

export const rightsUncovered = define<{ container: string; kind: string; flows: string }>({
  code: 'JIG3603',
  name: 'rights-uncovered',
  area: 'policy',
  severity: 'error',
  title: "The rights flows do not reach a container that keeps a data subject's personal data",
  message: ({ container, kind, flows }) =>
    `This store keeps a ${kind}'s personal data in ${container}, which the rights flows ${flows} do not reach: run 'jig rights' to generate them again.`,
  explanation:
    "Upon request, people can access, correct or delete their data, and opt out (§6). `jig rights` generates, for each kind of data subject (`@subject(KIND)`), one flow a right (`@rights(RIGHT, KIND)`) over every container that keeps that kind's personal data. Once a project has such flows, `jig check` reports each store into a container that one of them does not reach (a flow started keeping people's data somewhere new, or the flows were edited), so that a request cannot miss it. Run `jig rights PATH` again, review the regenerated files and commit them.",
});

export const rightsUnreachable = define<{ place: string; kind: string }>({
  code: 'JIG3604',
  name: 'rights-unreachable',
  area: 'policy',
  severity: 'error',
  title: "A data subject's personal data kept where no rights flow can serve a request",
  message: ({ place, kind }) =>
    `This step keeps ${kind} personal data in ${place}, where no rights flow can serve a request: Jig's rights flows read, rewrite and delete only cosmos(…) documents. Keep it in cosmos(…).`,
  explanation:
    "Upon request, people can access, correct or delete their data, and opt out (§6). Once a project serves these requests with flows marked `@rights(RIGHT, KIND)`, every place that keeps a data subject's personal data must be one those flows can reach. `jig rights` generates them over Cosmos DB containers, the only store whose documents Jig can query by a field, rewrite and delete; a `store` into `blob(…)`, `sql(…)` or `sharepoint(…)`, or an HTTP write into a storage service (Blob, Table, Queue, Files, Cosmos DB's REST API), keeps data that a request would miss. Keep the data in `cosmos(…)`; where the policy lets the rule be waived, `@allow(s06-rights-coverage, \"reason\")` and the reason says how requests are served there.",
});

export const rightsUnfindable = define<{ kind: string; container: string; why: string }>({
  code: 'JIG3605',
  name: 'rights-unfindable',
  area: 'policy',
  severity: 'error',
  title: "Personal data kept where a data subject's request cannot find it",
  message: ({ kind, container, why }) =>
    `This store keeps ${kind} personal data in ${container}, where no data-subject request can find it: ${why}. Mark the field that holds the person's identifier, as read, with @subject.`,
  explanation:
    "Upon request, people can access, correct or delete their data, and opt out (§6). Once a project serves these requests with flows marked `@rights(RIGHT, KIND)`, those flows find a person's documents by the field a store marks with `@subject`, comparing it with the key the request gives. A store of personal data that marks no such field (its `@subject` finding waived), or whose marked field the project's stores fill with nothing that names someone as it was read (a `guid()`, a value computed from an identifier and something new on each document), keeps documents no request reaches: erasing the person leaves them. This rule cannot be waived by a waiver of `s06-subject-key`: that one is about marking, this one about whether the promise of §6 holds. Fill the subject field with the person's identifier itself (a copy of it, or made alike with `toLower`, `toUpper` or `trim`) and mark it.",
});

// ---------------------------------------------------------------------------------------------
// §7 Regions

export const regionOutsidePolicy = define<{ region: string; regions: string; suggestion?: string }>({
  code: 'JIG3701',
  name: 'region-outside-policy',
  area: 'policy',
  severity: 'warning',
  title: 'A deployment region outside the policy\'s regions',
  message: ({ region, regions, suggestion }) =>
    `Region '${region}' is outside the policy's regions (${regions}).${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
  explanation:
    'JigAjob operates primarily in the United States (§7). Deploying elsewhere is allowed (its services are available outside these regions as well) but worth a second look, so it is a warning. The JigAjob policy lists the public US Azure regions; eastus and eastus2 are nearest to New York, South Carolina and Delaware.',
});

// ---------------------------------------------------------------------------------------------
// §8 Retention

export const retentionExceedsMaximum = define<{ retention: string; maximum: string; category: string; provisional: boolean }>({
  code: 'JIG3801',
  name: 'retention-exceeds-maximum',
  area: 'policy',
  severity: 'error',
  title: 'Data is kept longer than the policy allows for its category',
  message: ({ retention, maximum, category, provisional }) =>
    `Retention ${retention} exceeds the ${provisional ? 'provisional ' : ''}maximum of ${maximum} for '${category}', which this store writes.`,
  explanation:
    "The policy keeps data only as long as necessary (§8). Each category has a maximum retention; a stored value may be kept no longer than the smallest maximum over the categories it carries. JigAjob's figures are provisional (its policy text has not fixed a period): `business.*` 7 years, `personal.*` 1 year, `personal.minor` 30 days, `aggregate.anonymized` 10 years, `system.operational` 2 years. Shorten the store's `@retain` (or the flow's), or store fewer fields.",
});

export const retentionExceededByCopy = define<{ retention: string; before: string; source: string; maximum: string; category: string; provisional: boolean }>({
  code: 'JIG3808',
  name: 'retention-exceeded-by-copy',
  area: 'policy',
  severity: 'error',
  title: 'A copy keeps data longer than the policy allows, counted from when it was first kept',
  message: ({ retention, before, source, maximum, category, provisional }) =>
    `This store keeps data for ${retention} after it may already have been kept ${before} in ${source}: longer in all than the ${provisional ? 'provisional ' : ''}maximum of ${maximum} for '${category}', which this store writes.`,
  explanation:
    "A category's maximum retention (§8) counts from when the data was first kept, not from each copy: a flow that reads documents from one container and stores them in another (or passes them to a child flow or a Service Bus message whose flow stores them) keeps them its own retention after the original may already have been kept for the first container's, and a nightly copy made the day before the original expires keeps minors' data kept 30 days for 59. Each store of data read from the project's containers answers to the maximum with its retention plus the longest time that data may already have been kept, back through every copy to where it was first kept, and with how long the data may have waited in the run before the store (a run keeps what it read as long as it runs: a pupil's record held 29 days by `wait 29 days`, then stored 30, is kept 59; a `wait until`, or a loop whose passes wait, may hold it for the run's longest life, 90 days). Shorten the copy's `@retain` to what is left (the quick fix), shorten the first store's, or copy fewer fields.",
});

export const retentionNotFinite = define<{ written: string; suggestion: string; maximumOf?: string; provisional?: boolean }>({
  code: 'JIG3802',
  name: 'retention-not-finite',
  area: 'policy',
  severity: 'error',
  title: '@retain does not state a finite period',
  message: ({ written, suggestion, maximumOf, provisional }) =>
    `@retain(${written}) is not a finite retention: state how long the data is kept, ${
      maximumOf ? `at most the ${provisional ? 'provisional ' : ''}maximum of ${suggestion} for '${maximumOf}', which the flow stores` : `e.g. @retain(${suggestion})`
    }.`,
  explanation:
    "The policy keeps data only as long as necessary (§8), so `@retain` is mandatory and finite: `@retain(N UNIT)` with a whole number of `days`, `weeks`, `months` or `years`. `forever`, `infinite` or any other word is not a period, and neither is an amount too large to be a number. The retention becomes the Cosmos DB `ttl` of what the flow stores and may not exceed the policy's maximum for the categories stored (JIG3801); the quick fix writes the longest retention those categories allow.",
});

export const hiddenDataInFailMessage = define<{ category: string }>({
  code: 'JIG3803',
  name: 'hidden-data-in-fail-message',
  area: 'policy',
  severity: 'error',
  title: 'A failure message carries data the policy keeps out of run history',
  message: ({ category }) =>
    `This failure message carries '${category}', which the policy keeps out of run history; Logic Apps cannot hide a fail message.`,
  explanation:
    "Run history is storage too (§2). Every action that carries personal data (and minors' data, §9) hides its inputs and outputs from Logic Apps run history, so that the history never keeps what `@retain` promised to drop (§8). `fail \"…\"` becomes a Terminate action whose message is the run's error, shown to everyone who can read the runs, and Logic Apps has no secure setting for it. Write what went wrong without the value (an id of `system.operational` data is fine), and store the details in Cosmos DB if they must be kept.",
});

export const hiddenDataInVariable = define<{ category: string; verb: string }>({
  code: 'JIG3804',
  name: 'hidden-data-in-variable',
  area: 'policy',
  severity: 'error',
  title: 'A variable holds data the policy keeps out of run history',
  message: ({ category, verb }) =>
    `This ${verb} puts ${category} into a variable; Logic Apps cannot hide a variable action's data in run history.`,
  explanation:
    "Run history is storage too (§2, §8). Logic Apps offers no secure inputs or outputs on variable actions (InitializeVariable, SetVariable, AppendTo…Variable, Increment and Decrement), so a value in a `var`, `set` or `append` is shown to everyone who can read the runs, and kept as long as run history is. Data the policy hides from run history (every `personal.*`) and secrets may therefore not go into a variable. Keep the value in a `let` (a Compose, which is hidden), or keep only what is not hidden (a count, an id of `system.operational` data).",
});

export const hiddenDataInTrackedProperty = define<{ category: string }>({
  code: 'JIG3809',
  name: 'hidden-data-in-tracked-property',
  area: 'policy',
  severity: 'error',
  title: 'A tracked property sends data the policy keeps out of run history to the diagnostic logs',
  message: ({ category }) =>
    `This tracked property sends ${category} to the diagnostic logs, which the policy keeps out of run history; the logs do not hide it.`,
  explanation:
    "A tracked property (`@tracked(\"NAME\", EXPR)`) goes with its action's run to the workflow's diagnostic logs (Azure Monitor: Log Analytics, Application Insights): storage outside run history's securing, read by whoever reads the logs and kept as long as they are set to. Data the policy hides from run history (every `personal.*`, minors' data among them, §8, §9) may therefore not go there, whatever jig.yaml says of the logs; Logic Apps itself refuses a tracked property on an action or trigger with secure inputs or outputs, or one that references them (learn.microsoft.com/azure/logic-apps/monitor-workflows-collect-diagnostic-data, \"Tracked properties\"). Track an id of `system.operational` or business data instead.",
});

export const trackedPropertyToUndeclaredLogs = define<{ category: string }>({
  code: 'JIG3810',
  name: 'tracked-property-to-undeclared-logs',
  area: 'policy',
  severity: 'error',
  title: "A tracked property sends data about someone to logs whose retention the project does not declare",
  message: ({ category }) =>
    `This tracked property sends ${category} to the diagnostic logs, whose retention jig.yaml does not declare ('diagnosticLogs: { retention: … }'): they would keep it as long as they are set to.`,
  explanation:
    "A tracked property (`@tracked(\"NAME\", EXPR)`) is stored in the workflow's diagnostic logs (Azure Monitor), outside Jig's retention (§8: data is kept only as long as necessary). Data about a business or a person may go there only when the project declares the logs as its own store and how long they keep data, in jig.yaml: `diagnosticLogs: { retention: 90 days }` (the workspace's retention); the policy's maxima then judge that period as a store's (JIG3811). Data about no one (`system.*`) needs no declaration.",
});

export const logsKeepTooLong = define<{ retention: string; maximum: string; category: string; provisional: boolean; before?: string }>({
  code: 'JIG3811',
  name: 'logs-keep-too-long',
  area: 'policy',
  severity: 'error',
  title: 'The diagnostic logs keep a tracked property longer than the policy allows for its category',
  message: ({ retention, maximum, category, provisional, before }) =>
    `The diagnostic logs keep what they receive ${retention} (jig.yaml 'diagnosticLogs.retention')${before ? `, after it may already have been kept ${before}` : ''}, beyond the ${provisional ? 'provisional ' : ''}maximum of ${maximum} for '${category}', which this tracked property sends there.`,
  explanation:
    "jig.yaml's `diagnosticLogs.retention` says how long the workflow's diagnostic logs keep what they receive; a tracked property stores its value there, so the policy's maximum for each category it carries applies as to a store (§8), counted as a copy's is from when the data was first kept: a value that came from one of the project's containers (through a message or a child flow's request) or waited in the run before the action may already have been kept that long (JIG3808). Shorten the logs' retention (and declare it), or track a value that carries less.",
});

export const retentionNotEnforced = define<{ service: string }>({
  code: 'JIG3805',
  name: 'retention-not-enforced',
  area: 'policy',
  severity: 'error',
  title: 'A write stores data whose retention Jig cannot enforce',
  message: ({ service }) => `This step writes into ${service}, a store, where Jig cannot set how long the data is kept: use store … in cosmos(…).`,
  explanation:
    "An HTTP write (POST, PUT or PATCH) to a storage endpoint stores data as `store` does (§2, §8). Jig enforces a store's retention by the Cosmos DB document's `ttl`; through the REST API it can set none, so the data would be kept without limit. The same holds for `store … in blob(…)` and `store … in sql(…)` where a policy allows them: the connectors' Create blob and Insert row take no expiry. Use `store … in cosmos(\"DB\", \"CONTAINER\")`. A write to a store the policy does not allow is JIG3201. A message written by HTTP into a Service Bus queue or topic waits there for the entity's default time to live, unlimited unless its owner shortens it: `send … to servicebus(…)` gives each message the flow's `@retain` as its time to live.",
});

export const retentionRefreshed = define<{ container: string; retention: string }>({
  code: 'JIG3806',
  name: 'retention-refreshed',
  area: 'policy',
  severity: 'error',
  title: 'Documents are written back into their container, which restarts their retention',
  message: ({ container, retention }) =>
    `This store writes documents read from ${container} back into it, which restarts their retention; keep them shorter than ${retention} here, or store elsewhere.`,
  explanation:
    "Cosmos DB counts a document's `ttl` from its last write, so a flow that reads documents and writes them back (to mark them as processed, say) keeps them another full retention each time, and a nightly flow keeps them for ever: the promise of `@retain` (§8) would not hold. Such a store must shorten the retention: its own `@retain` must be shorter than that of every other store into the container. The quick fix gives the store its own `@retain`, one day shorter than the shortest other store's. Otherwise keep the state elsewhere (another container holding only the document's id), or store nothing back.",
});

export const messageResent = define<{ entity: string }>({
  code: 'JIG3820',
  name: 'message-resent',
  area: 'policy',
  severity: 'error',
  title: 'A message is sent back into the queue or topic it was received from, which restarts its time to live',
  message: ({ entity }) =>
    `This step sends into ${entity} data that came from it (received here, or through the project's other flows and queues), which restarts its time to live: relayed back on each receipt, it is kept for ever. Send it elsewhere, or keep the state in Cosmos DB.`,
  explanation:
    "A Service Bus message is kept in its queue or topic until it is received or its time to live (the sending flow's `@retain`) runs out (§8). A flow that sends what it received back into the same queue or topic (directly, or through other flows, child flows or queues that bring it back) gives it a new time to live on every receipt, so the data is never removed: the promise of `@retain` would not hold. Unlike a document written back into its container, whose expiry the emitted store can keep, a message sent again carries no expiry of the one received, so no shorter retention makes the relay finite. An event posted back to the Event Grid topic its data came from is delivered, and kept for Event Grid's retries (24 hours), again on each receipt, likewise. Send the message or event elsewhere (a queue or topic that nothing relays back), or keep the state in a Cosmos DB container.",
});

export const retentionRefreshedRepeatedly = define<{ container: string }>({
  code: 'JIG3807',
  name: 'retention-refreshed-repeatedly',
  area: 'policy',
  severity: 'error',
  title: 'Documents are written back for a shorter time, but not as the documents read',
  message: ({ container }) =>
    `This store writes documents read from ${container} back into it for a shorter time, but not as a document this flow read there, so Jig cannot keep their expiry: written back again before they expire, they would be kept for ever.`,
  explanation:
    "Cosmos DB counts a document's `ttl` from its last write, so even a rewrite that keeps documents for a shorter time than their first store restarts their life, and one repeated before they expire (a nightly flow that selects them again) keeps them for ever (§8). Where a flow writes back a document it read itself from a query of the container (the loop variable over the query's list, an element of it, or a value built from that one document and no other data of the project), the emitted store keeps the document's expiry: its `ttl` is what is left of the document's life (its `_ts` plus its `ttl`, which the query returns with it) when that is shorter than the store's retention. A rewrite through a child flow or a Service Bus message, or one that mixes two documents, cannot: write the document back in the flow that read it, or keep the state elsewhere (another container holding only the document's id).",
});

// ---------------------------------------------------------------------------------------------
// §9 Minors

export const minorsDataShared = define<{ destination: string }>({
  code: 'JIG3901',
  name: 'minors-data-shared',
  area: 'policy',
  severity: 'error',
  title: "Minors' data sent outside the platform",
  message: ({ destination }) => `This step sends minors' data ('personal.minor') to ${destination}, outside the platform.`,
  explanation:
    "Data related to minors may be reached through mixed accounts, and the policy puts its safety first (§9): it is never sent to a third party, not even a listed processor. Do not send fields that carry `personal.minor` (a mailbox's contents always do) outside Azure and Microsoft 365.",
});

export const minorsDataSecondaryUse = define<{ purpose: string }>({
  code: 'JIG3902',
  name: 'minors-data-secondary-use',
  area: 'policy',
  severity: 'error',
  title: "Minors' data in a flow whose purpose is not the requested automation",
  message: ({ purpose }) => `Minors' data ('personal.minor') reaches a flow for '${purpose}'; it may only serve the requested automation.`,
  explanation:
    "Minors' data is never used for marketing, analytics or research (§9), not even aggregated. A flow with a secondary purpose must not read any source that carries `personal.minor` (such as the Office 365 mailbox).",
});

// ---------------------------------------------------------------------------------------------
// The policy file itself

export const policyYamlSyntax = define<{ detail: string }>({
  code: 'JIG3950',
  name: 'policy-yaml-syntax',
  area: 'policy',
  severity: 'error',
  title: 'The policy file is not valid YAML',
  message: ({ detail }) => `The policy file is not valid YAML: ${detail}`,
  explanation:
    'A policy file is YAML (a mapping at the top level). The parser reports where it stopped understanding the text; the usual causes are wrong indentation, a tab, a duplicated key, or a `: ` inside an unquoted value (quote the value).',
});

export const policyUnknownKey = define<{ key: string; where: string; suggestion?: string }>({
  code: 'JIG3951',
  name: 'policy-unknown-key',
  area: 'policy',
  severity: 'error',
  title: 'The policy file has a key the format does not define',
  message: ({ key, where, suggestion }) =>
    `Unknown key '${key}' in ${where}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
  explanation:
    'Every key of a policy file is defined by its JSON Schema (compiler/src/policy/policy.schema.json, which editors use to validate and complete policy files). An unknown key is refused rather than ignored, because a misspelt key (`waiveable`) would silently change what the policy enforces.',
});

export const policyInvalidValue = define<{ where: string; problem: string }>({
  code: 'JIG3952',
  name: 'policy-invalid-value',
  area: 'policy',
  severity: 'error',
  title: 'A value of the policy file has the wrong type or form',
  message: ({ where, problem }) => `${where} ${problem}.`,
  explanation:
    'The policy file is checked against its JSON Schema: types (a list where a list is expected), forms (a retention is `N UNIT`, a host pattern is `*.example.com`), and allowed values (`severity: error | warning | info`). `jig policy check FILE` reports every such problem with its line and column.',
});

export const policyMissingKey = define<{ key: string; where: string }>({
  code: 'JIG3953',
  name: 'policy-missing-key',
  area: 'policy',
  severity: 'error',
  title: 'The policy file lacks a required key',
  message: ({ key, where }) => `${where} needs '${key}'.`,
  explanation:
    "A policy that extends no other must define every part the compiler enforces: sections, categories, purposes, allowed stores, platform, regions, the opt-out field, the minimum group size and the rules. A policy that `extends` another inherits what it leaves out.",
});

export const policyExtendsCycle = define<{ chain: string }>({
  code: 'JIG3954',
  name: 'policy-extends-cycle',
  area: 'policy',
  severity: 'error',
  title: 'Policy files extend each other in a cycle',
  message: ({ chain }) => `The policy extends itself: ${chain}.`,
  explanation:
    '`extends` builds a chain from a company policy down to a base; the chain must end in a policy that extends nothing (such as the embedded `jigajob`). Remove the `extends` that closes the loop.',
});

export const policyExtendsNotFound = define<{ reference: string }>({
  code: 'JIG3955',
  name: 'policy-extends-not-found',
  area: 'policy',
  severity: 'error',
  title: 'The policy that `extends` names cannot be found',
  message: ({ reference }) => `Cannot find the policy '${reference}' that this file extends.`,
  explanation:
    '`extends` names either `jigajob` (the policy embedded in the compiler) or a path to another policy file, relative to the file that extends it.',
});

export const policyCategoryParentMissing = define<{ category: string; parent: string }>({
  code: 'JIG3956',
  name: 'policy-category-parent-missing',
  area: 'policy',
  severity: 'error',
  title: 'A category whose parent is not defined',
  message: ({ category, parent }) => `Category '${category}' needs its parent '${parent}' to be defined too.`,
  explanation:
    "Categories are hierarchical: `personal.minor`'s parent is `personal`, and `@data(personal)` covers every `personal.*`. Properties a child leaves out (identifying, secure in run history, maximum retention) are inherited from its parent, so every parent must be defined.",
});

export const policyAliasLimit = define<{ limit: number }>({
  code: 'JIG3957',
  name: 'policy-alias-limit',
  area: 'policy',
  severity: 'error',
  title: 'The policy file expands too many YAML aliases',
  message: ({ limit }) => `The policy file expands YAML aliases more than ${limit} times; it is refused as a possible "billion laughs" file.`,
  explanation:
    'YAML aliases (`*name`) repeat an anchored node. Nested aliases can expand a small file into an enormous document, which is a known resource-exhaustion attack. Policy files rarely need aliases at all; write the values out.',
});

export const policyUnknownCategoryReference = define<{ category: string; where: string; suggestion?: string }>({
  code: 'JIG3958',
  name: 'policy-unknown-category-reference',
  area: 'policy',
  severity: 'error',
  title: 'The policy file names a category its taxonomy does not define',
  message: ({ category, where, suggestion }) =>
    `${where} names category '${category}', which the policy does not define.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
  explanation:
    'Processors, mixed sources and rules refer to categories of the taxonomy (`categories`, including those of the policy it extends). Define the category, or correct its name.',
});

export const policyNoPrimaryPurpose = define({
  code: 'JIG3959',
  name: 'policy-no-primary-purpose',
  area: 'policy',
  severity: 'error',
  title: 'The policy lists no primary purpose',
  message: () => 'The policy lists no purpose of kind primary: no flow could ever use personal data.',
  explanation:
    "A policy needs at least one purpose of kind `primary` (JigAjob's is `automation`: the automation a client requested). Secondary purposes (marketing, analytics, research) may only handle anonymized aggregates.",
});

export const policyNotAMapping = define({
  code: 'JIG3960',
  name: 'policy-not-a-mapping',
  area: 'policy',
  severity: 'error',
  title: 'The policy file is not a YAML mapping',
  message: () => 'The policy file must be a YAML mapping (id: …, version: …, …) and it is empty or something else.',
  explanation:
    'A policy file is one YAML document whose top level is a mapping of the keys the policy format defines, starting with `id` and `version`. See compiler/src/policy/jigajob.policy.yaml for a complete one.',
});

export const policyExtendsWeakens = define<{ where: string; what: string; base: string }>({
  code: 'JIG3961',
  name: 'policy-extends-weakens',
  area: 'policy',
  severity: 'error',
  title: 'A policy weakens the policy it extends',
  message: ({ where, what, base }) => `${where} ${what}, which weakens ${base}: a policy may only strengthen the policy it extends.`,
  explanation:
    "A policy that `extends` another keeps every promise of its base: a flow the base refuses is refused under it too, so that a file pinned to `policy jigajob >= …` is held to at least JigAjob's rules. So it may add processors, categories (which inherit their parent's flags, and may not be less protected than the base's category they are below), secondary purposes and sections, and make rules stricter and retentions shorter; it may not widen the platform (hosts, connectors, mail domains), allow another store or region, make a category less protected (no longer identifying or hidden in run history, about no one, kept longer), add a primary purpose or make one primary, widen a processor, have a mixed source carry less, lower a rule's severity, make it waivable, narrow what it protects or widen what it allows, change the opt-out field or lower the minimum group size. A company whose own policy text says otherwise writes a policy that extends nothing, and its files pin that policy.",
});

export const policyIdTaken = define<{ id: string; owner: string }>({
  code: 'JIG3962',
  name: 'policy-id-taken',
  area: 'policy',
  severity: 'error',
  title: "A policy file takes the id of JigAjob's policy, or of a policy it extends",
  message: ({ id, owner }) =>
    `This policy takes the id '${id}' of ${owner}: give it an id of its own (and \`extends: ${id}\` to build on it), so that a \`policy ${id} >= …\` pin holds only where that policy's rules do.`,
  explanation:
    "A `.jig` file's `policy ID >= VERSION` promises that its flows are checked against that policy, or one that extends it and only strengthens it (JIG3961). A policy file that named itself `jigajob` without being JigAjob's policy (a copy with a store, a host or a waivable rule added, at a later version) would satisfy every `policy jigajob >= …` pin while dropping JigAjob's rules. So the id `jigajob` belongs to the policy embedded in the compiler (a byte-for-byte copy of it is accepted), and no file of an `extends` chain takes the id of another. A company's policy takes its own id and `extends: jigajob`; one whose text departs from JigAjob's extends nothing, and its files pin that id.",
});

export const hiddenDataInAgentHistory = define<{ category: string }>({
  code: 'JIG3816',
  name: 'hidden-data-in-agent-history',
  area: 'policy',
  severity: 'error',
  title: "An agent's chat history holds data the policy keeps out of run history",
  message: ({ category }) =>
    `This agent's chat history holds ${category}, which the policy keeps out of run history: the run history shows the agent's messages, its model's answers and what its tools answered, and Jig cannot hide them.`,
  explanation:
    "An Agent action keeps its conversation with the model (the messages, each answer of the model, what it passed the tools and what they answered) in the run, where the run history shows it as the agent's chat transcript; Microsoft documents no secure inputs or outputs for it, so Jig cannot hide it as it hides a call's (§8, §9, README rule 6). What the model answers and passes the tools is unknown (rule 1): it may hold any category the flow declares. So a flow with an agent may declare no category the policy keeps out of run history (every `personal.*`, minors' data among them). Give the agent business or operational data only, in a flow of its own.",
});
