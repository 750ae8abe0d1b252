/**
 * What the REST and HTTP drift checks say, in the same words: a stage serving less than the
 * draft holds (a fix not deployed), more (a weaker draft waiting), or something else.
 */
export const DRIFT_MESSAGES = {
  'in-sync': 'Stage {stage} serves what the draft holds on every security-relevant point compared (deployment {deploymentId}).',
  'fix-not-deployed':
    'Stage {stage} still serves configuration the draft has fixed: the fix goes live only with a new deployment ({fixCount}): {fixesNotDeployed}.',
  'weaker-in-draft': 'The draft is weaker than what stage {stage} serves; the next deployment makes it live ({weakerCount}): {weakerInDraft}.',
  'changed-in-draft':
    'The draft changes security-relevant configuration stage {stage} does not serve yet; review it before the next deployment ({changedCount}): {changedInDraft}.',
} as const;
