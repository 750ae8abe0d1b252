/**
 * REST, HTTP and WebSocket stages seen through one shape, for the checks that judge every stage
 * alike (monitoring, access-log groups): which API it belongs to, its tags and its access-log
 * destination, whatever the API Gateway version.
 */
import type { InventoryView, RestStageEntity, Selection, V2StageEntity } from '../inventory/view.js';

export type StageEntity = RestStageEntity | V2StageEntity;

/** Every REST stage, then every HTTP and WebSocket stage, with the gaps of both. */
export function allStages(view: InventoryView): Selection<StageEntity> {
  const rest = view.restStages();
  const v2 = view.v2Stages();
  return {
    targets: [...rest.targets, ...v2.targets],
    gaps: [...rest.gaps, ...v2.gaps],
  };
}

export type ApiKind = 'rest' | 'http' | 'websocket';

export interface StageFacts {
  kind: ApiKind;
  apiId: string;
  /** The API's name, or its id when it has none. */
  apiName: string;
  stageName: string;
  tags: Record<string, string>;
  /** The access-log destination ARN (a log group or a Firehose stream), trimmed; absent when unset. */
  accessLogDestination?: string;
}

export function stageFacts(entity: StageEntity): StageFacts {
  if (entity.kind === 'rest-stage') {
    const destination = entity.stage.accessLogSettings?.destinationArn?.trim();
    return {
      kind: 'rest',
      apiId: entity.api.api.id,
      apiName: entity.api.api.name ?? entity.api.api.id,
      stageName: entity.stage.stageName,
      tags: entity.stage.tags ?? {},
      ...(destination ? { accessLogDestination: destination } : {}),
    };
  }
  const destination = entity.stage.AccessLogSettings?.DestinationArn?.trim();
  return {
    kind: entity.api.api.ProtocolType === 'WEBSOCKET' ? 'websocket' : 'http',
    apiId: entity.api.api.ApiId,
    apiName: entity.api.api.Name ?? entity.api.api.ApiId,
    stageName: entity.stage.StageName,
    tags: entity.stage.Tags ?? {},
    ...(destination ? { accessLogDestination: destination } : {}),
  };
}
