import type { Decision } from './schema.ts'

export interface BranchIssue {
  /** Where in the decision: `goto` or `inputs.<key>`. */
  readonly at: string
  readonly branch: string
  readonly message: string
}

/**
 * Check a decision's targets against the branches that exist on the portal, so an unknown `goto` or input
 * target is found in a test, before a caller finds it.
 */
export function lintDecision(decision: Decision, branches: Iterable<string | number>): BranchIssue[] {
  const known = new Set(Array.from(branches, String))
  const issues: BranchIssue[] = []
  const check = (at: string, branch: string) => {
    if (!known.has(branch))
      issues.push({ at, branch, message: `${at} sends the caller to branch ${branch}, which is not on the portal` })
  }
  if (decision.goto !== undefined) check('goto', decision.goto)
  for (const [key, branch] of Object.entries(decision.inputs ?? {})) check(`inputs.${key}`, branch)
  if (decision.inputs && !decision.play?.length)
    issues.push({ at: 'inputs', branch: '', message: 'inputs are only live while something plays, and nothing plays' })
  return issues
}
