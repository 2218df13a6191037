import { describe, expect, it } from 'vitest';
import { printableUrl } from '../../compiler/src/util/url.js';

describe('a URL as a message prints it', () => {
  it('leaves out the credentials a URL may carry: its user information and its query values', () => {
    expect(printableUrl('https://robot:hunter2@erp-contoso.azurewebsites.net/api')).toBe('https://…@erp-contoso.azurewebsites.net/api');
    expect(printableUrl('https://a@b@tracker.example/x?code=abc&n=1#top')).toBe('https://…@tracker.example/x?code=…&n=…#top');
    expect(printableUrl('https://contosoarchive.blob.core.windows.net/c/x?sv=2022&sig=SIGNATURE')).toBe('https://contosoarchive.blob.core.windows.net/c/x?sv=…&sig=…');
    expect(printableUrl('https:\\\\user:pw@host\\path')).toBe('https:\\\\…@host\\path');
    expect(printableUrl('https://erp-contoso.azurewebsites.net/api/orders')).toBe('https://erp-contoso.azurewebsites.net/api/orders');
  });
});
