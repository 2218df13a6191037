/** Azure Blob: a blob read by its name ("Get blob content using path (V2)"), and what it carries. */
import { describe, expect, it } from 'vitest';
import { actionNamed, emitFlow, expectAllEmittedValid, flowFile, policy } from './helpers.js';
import { compileText } from '../../compiler/src/compilation.js';

describe('query blob(…) name EXPR returns T', () => {
  it('→ Get blob content using path (V2), its content checked by a Parse JSON of T', () => {
    const workflow = emitFlow('  let order = query blob("contosoarchive", "orders") name "${trigger.body.number}.json" returns Order\n  respond 200 body { amount: order.amount }');
    expect(actionNamed(workflow, 'Get_order')).toMatchObject({
      type: 'ApiConnection',
      inputs: {
        host: { connection: { name: "@parameters('$connections')['azureblob']['connectionId']" } },
        method: 'get',
        path: "/v2/datasets/@{encodeURIComponent(encodeURIComponent('contosoarchive'))}/GetFileContentByPath",
        queries: { path: "/orders/@{concat(triggerBody()?['number'], '.json')}", inferContentType: true, queryParametersSingleEncoded: true },
      },
    });
    expect(actionNamed(workflow, 'Parse_order')).toMatchObject({ type: 'ParseJson', inputs: { content: "@body('Get_order')" } });
    expect(actionNamed(workflow, 'Respond_200').inputs).toMatchObject({ body: { amount: "@body('Parse_order')?['amount']" } });
    expect(workflow.connections).toEqual(['azureblob']);
  });

  it('needs a name and a record type; a cosmos query takes no name', () => {
    const text = flowFile(`  let a = query blob("acct", "c") returns Order
  let b = query blob("acct", "c") name "x" returns Order[]
  let c = query cosmos("db", "c") name "x" returns Order[]`);
    const found = compileText('test.jig', text, { policy }).diagnostics.filter((d) => d.code === 'JIG2031');
    expect(found.map((d) => d.message)).toEqual([
      "A blob is read by its name: add 'name EXPR'.",
      "A blob's content is read as a record ('returns T'), not 'Order[]'.",
      "'name' reads one blob: only blob(…) takes it; a query of cosmos(…) filters with 'where'.",
    ]);
  });

  it("carries what the project's flows store in that container, whatever its type says", () => {
    const text = `
type Contact {
  id:   string @business.other
  name: string @personal.name @subject(contact)
}
type Note {
  id: string @business.other
}

@purpose(automation, "Archive contacts")
@data(business.other, personal.name)
@retain(30 days)
flow archive {
  trigger http post body Contact
  store trigger.body in blob("contosoarchive", "contacts")
}

@purpose(automation, "Read an archived note")
@data(business.other)
@retain(1 day)
flow read_note {
  trigger http post body Note
  let note = query blob("contosoarchive", "contacts") name trigger.body.id returns Note
  respond 200 body note
}
`;
    const permissive = { ...policy, allowedStores: ['cosmos', 'blob'] as typeof policy.allowedStores };
    // The archive's account is the client's own (jig.yaml resources.hosts): an account anyone can rent is a third party (rule 3).
    const project = { hosts: ['contosoarchive.blob.core.windows.net'], mailDomains: [], parameterValues: new Map() };
    const found = compileText('test.jig', text, { policy: permissive, project }).diagnostics;
    // The archive's store is §8's (a blob keeps data Jig cannot expire); the read brings in the name the archive stores there.
    expect(found.map((d) => [d.code, text.slice(d.range.start, d.range.end)])).toEqual([
      ['JIG3805', 'blob("contosoarchive", "contacts")'],
      ['JIG3004', 'query blob("contosoarchive", "contacts") name trigger.body.id returns Note'],
    ]);
    expect(found[1]!.message).toContain('personal.name');
  });
});

describe('reference checks', () => {
  it('every workflow emitted above passes the WDL schema and save_rules.py', () => {
    expectAllEmittedValid();
  });
});
