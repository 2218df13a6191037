/** The visits of a person that the §6 opt-out tests store (opt-out-race-behaviour, opt-out-runs-behaviour). */
export const VISIT_TYPES = `type Visit {
  id:    string @business.other
  email: string @personal.contact @subject(contact)
  city:  string @business.other
  optOut?: boolean @business.other
}
type Batch {
  visits: Visit[]
}
`;
