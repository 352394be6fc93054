// Test-gateway add-on for request parameters: models that reject some parameters with new-api's 400 wording.
import { newApiError, registerModels, registerModelScenario, registerScenario, type ScenarioContext } from './server';
import { defaultHandler } from './scenarios';

/** `strict-reasoner` rejects `temperature` and `top_p`, as o1/o3-style reasoning models behind new-api do. */
const REJECTED: Record<string, readonly string[]> = { 'strict-reasoner': ['temperature', 'top_p'] };

registerModels({ id: 'strict-reasoner', object: 'model', owned_by: 'test', supported_endpoint_types: ['openai'] });

registerScenario('reject-parameters', async (ctx: ScenarioContext) => {
  const body = (ctx.req.json ?? {}) as Record<string, unknown>;
  const model = typeof body.model === 'string' ? body.model : '';
  const name = (REJECTED[model] ?? ['temperature']).find((p) => p in body);
  if (name) {
    return newApiError(
      400,
      `Unsupported parameter: '${name}' is not supported with this model.`,
      ctx.requestId,
      'invalid_request_error',
      'unsupported_parameter',
    );
  }
  return defaultHandler({ ...ctx, hits: 0 });
});
registerModelScenario((m) => m in REJECTED, 'reject-parameters');
