/**
 * performance-service's HTTP API on Hayate's app (pp-compute.md §4.1), so Akatsuki's frontends
 * and score tools work unchanged: `POST /api/v1/calculate` and the `/api/v1/reworks` routes.
 * (`GET /_health` is already served by the bancho API.)
 */
import type { HttpRouter } from '../../http/types.js';
import { handleCalculate, type CalculateDeps } from './calculate.js';
import { handleQueue, handleReworkGet, handleSessionCreate, handleSessionDelete, type ReworkRoutesDeps } from './reworks.js';

export type PerformanceApiDeps = CalculateDeps & ReworkRoutesDeps;

export function mountPerformanceApi(router: HttpRouter, deps: PerformanceApiDeps): void {
  router.route('post', '/api/v1/calculate', (req) => handleCalculate(deps, req), { maxBodyBytes: 256 * 1024, headers: [] });
  router.route('get', '/api/v1/reworks', (req) => handleReworkGet(deps, req));
  router.route('get', '/api/v1/reworks/*', (req) => handleReworkGet(deps, req));
  router.route('post', '/api/v1/reworks/sessions', (req) => handleSessionCreate(deps, req), { maxBodyBytes: 4096, headers: [] });
  router.route('del', '/api/v1/reworks/sessions/*', (req) => handleSessionDelete(deps, req), { headers: [] });
  router.route('post', '/api/v1/reworks/*', (req) => handleQueue(deps, req), { maxBodyBytes: 4096 });
}
