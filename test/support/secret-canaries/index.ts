// Secret canaries: known secret values and the checks that prove they never leak.
export { ALL_CANARY_VALUES, SECRET_CANARIES, type CanaryName } from './canaries.js';
export { assertNoSecretLeaks, findSecretLeaks, leakForms, pemCanaries, type CapturedText, type SecretLeak } from './leak-check.js';
export { createLeakRecorder, type LeakRecorder } from './leak-recorder.js';
