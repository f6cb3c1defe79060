/**
 * What a feature's actions (`<feature>/actions.ts`) work with: the sealed repositories and the
 * API to main. Actions take them as an argument, so a unit test hands in an in-memory database
 * and a stand-in API; screens pass `appDeps()`.
 */
import type { HoldspaceApi } from '../../../shared/api';
import { api } from '../app/api';
import { repositories } from './repositories';
import type { Repositories } from './repositories';

export interface Deps {
  repos: Repositories;
  api: HoldspaceApi;
}

export const appDeps = (): Deps => ({ repos: repositories(), api: api() });
