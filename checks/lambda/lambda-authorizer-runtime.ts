import { defineCheck } from '../../src/engine/define.js';
import { FUNCTION_OUTSIDE_MESSAGE, invocationChain, LAMBDA_READS, lambdaFunctions, RUNTIME_TABLE_DATE, runtimeState } from '../../src/analysis/lambda.js';
import type { LambdaFunctionEntity, OutsideLambdaFunctionEntity } from '../../src/inventory/view.js';

export default defineCheck<LambdaFunctionEntity | OutsideLambdaFunctionEntity, 'supported' | 'deprecated' | 'container-image' | 'outside-scan'>({
  id: 'lambda-authorizer-runtime',
  title: 'Lambda authorizers run on a supported runtime',
  severity: 'medium',
  resourceTypes: ['lambda-function'],
  reads: LAMBDA_READS,
  rationale:
    'A Lambda authorizer decides who gets into the API: its runtime is part of the gate. "After a ' +
    'runtime is deprecated, we may no longer apply security patches or updates to that runtime, ' +
    'and functions using that runtime are no longer eligible for technical support" (Lambda ' +
    `Developer Guide, "Runtime deprecation policy"). The deprecation dates are those of the "Lambda ` +
    `runtimes" page (as of ${RUNTIME_TABLE_DATE}); a runtime is deprecated from its date on, judged ` +
    'at the time of the snapshot. A runtime missing from that table is reported as an error rather ' +
    'than guessed; a container image chooses its runtime in the image and is not applicable. Only ' +
    'functions that a served REST TOKEN/REQUEST or HTTP/WebSocket REQUEST authorizer invokes are judged.',
  remediation: {
    text: 'Move the authorizer function to a supported runtime of its language, test it, and publish it (and its alias) again.',
    cli: 'aws lambda update-function-configuration --function-name <function-name> --runtime <supported-runtime>',
    docs: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html',
  },
  mappings: {
    securityHub: ['Lambda.2'],
    awsConfig: ['lambda-function-settings-check'],
    owaspApi2023: ['API8'],
  },
  messages: {
    supported: 'The authorizer runs on {runtime}, supported until {deprecationDate}.',
    deprecated: 'The authorizer runs on {runtime}, deprecated since {deprecationDate}: it may no longer get security patches.',
    'container-image': 'The authorizer is a container image: its runtime is chosen in the image, which this check cannot read.',
    'outside-scan': FUNCTION_OUTSIDE_MESSAGE,
  },
  select: (view) => lambdaFunctions(view, 'authorizer'),
  evaluate: (entity, outcome, view) => {
    if (entity.kind === 'outside-lambda-function') {
      return outcome.notApplicable('outside-scan', { reason: entity.reason, chain: invocationChain(entity.ref, entity.usedBy) });
    }
    const { fn, usedBy, ref } = entity;
    const state = runtimeState(fn, view.collectedAt);
    if (state.state === 'image') return outcome.notApplicable('container-image', { packageType: fn.PackageType, chain: invocationChain(ref, usedBy) });
    if (state.state === 'unknown') return outcome.invalid(state.reason, { chain: invocationChain(ref, usedBy) });
    const evidence = { runtime: state.runtime, deprecationDate: state.deprecationDate };
    if (state.state === 'deprecated') {
      return outcome.fail('deprecated', { ...evidence, chain: invocationChain(ref, usedBy, `${state.runtime} deprecated since ${state.deprecationDate}`) });
    }
    return outcome.pass('supported', { ...evidence, chain: invocationChain(ref, usedBy, `${state.runtime} supported until ${state.deprecationDate}`) });
  },
});
