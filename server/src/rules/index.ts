/**
 * Every rule, sorted by id. A rule missing here, or here without docs and fixtures, fails the
 * catalog test.
 */
import type { Rule } from '../core/rule';
import assumedBranch from './assumed-branch';
import canaryWeightOverflow from './canary-weight-overflow';
import clientIpAffinity from './client-ip-affinity';
import driftAlgorithmChanged from './drift-algorithm-changed';
import driftBackupChanged from './drift-backup-changed';
import driftHealthCheckRemoved from './drift-health-check-removed';
import driftKeyRemap from './drift-key-remap';
import driftMemberAdded from './drift-member-added';
import driftMemberRemoved from './drift-member-removed';
import driftPoolAdded from './drift-pool-added';
import driftPoolRemoved from './drift-pool-removed';
import driftRouteChanged from './drift-route-changed';
import driftShareShift from './drift-share-shift';
import duplicateMember from './duplicate-member';
import duplicatePool from './duplicate-pool';
import hashNotConsistent from './hash-not-consistent';
import includeError from './include-error';
import invalidCombination from './invalid-combination';
import invertedWeights from './inverted-weights';
import longFailTimeout from './long-fail-timeout';
import noActiveMembers from './no-active-members';
import noHealthCheck from './no-health-check';
import perWorkerBalancing from './per-worker-balancing';
import ringTooSmall from './ring-too-small';
import singleMember from './single-member';
import splitWeightsSum from './split-weights-sum';
import syntaxError from './syntax-error';
import templateFile from './template-file';
import timeSlicedSplit from './time-sliced-split';
import unbalancedRing from './unbalanced-ring';
import undefinedPool from './undefined-pool';
import unevenFailureLimits from './uneven-failure-limits';
import unknownDirective from './unknown-directive';
import unsupportedDirective from './unsupported-directive';
import unusedPool from './unused-pool';
import unusedSuppression from './unused-suppression';
import weightSkew from './weight-skew';
import zeroWeightBackend from './zero-weight-backend';
import duplicateCookie from './duplicate-cookie';
import missingTimeouts from './missing-timeouts';
import retriesWithoutRedispatch from './retries-without-redispatch';
import weightsIgnored from './weights-ignored';
import weightChangeRefused from './weight-change-refused';
import removedKeyword from './removed-keyword';
import shadowedRoute from './shadowed-route';

export const RULES: readonly Rule[] = [
  assumedBranch,
  canaryWeightOverflow,
  clientIpAffinity,
  driftAlgorithmChanged,
  driftBackupChanged,
  driftHealthCheckRemoved,
  driftKeyRemap,
  driftMemberAdded,
  driftMemberRemoved,
  driftPoolAdded,
  driftPoolRemoved,
  driftRouteChanged,
  driftShareShift,
  duplicateCookie,
  duplicateMember,
  duplicatePool,
  hashNotConsistent,
  includeError,
  invalidCombination,
  invertedWeights,
  longFailTimeout,
  missingTimeouts,
  noActiveMembers,
  noHealthCheck,
  perWorkerBalancing,
  removedKeyword,
  retriesWithoutRedispatch,
  ringTooSmall,
  shadowedRoute,
  singleMember,
  splitWeightsSum,
  syntaxError,
  templateFile,
  timeSlicedSplit,
  unbalancedRing,
  undefinedPool,
  unevenFailureLimits,
  unknownDirective,
  unsupportedDirective,
  unusedPool,
  unusedSuppression,
  weightChangeRefused,
  weightSkew,
  weightsIgnored,
  zeroWeightBackend,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
