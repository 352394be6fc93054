// What the generation commands share: quick-input steps with Back, and the paid-credits question.
export { askText, BACK, pick, type PickItem } from './quickSteps';
export { confirmPaidCredits } from './paidQuestion';
