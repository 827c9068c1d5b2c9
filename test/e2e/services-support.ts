import assert from 'node:assert/strict';
import type { APIRequestContext, Page } from 'playwright-core';

/**
 * The Services browser test's helpers: a signed-in API client sharing the page's cookies (to seed
 * data quickly), and the page shortcuts every step uses.
 */
export interface ServicesUi {
  page: Page;
  url: string;
  shot(name: string): Promise<void>;
  heading(text: string): Promise<void>;
  api: Api;
  /** Where screenshots go (test-results/). */
  shotsDir: string;
}

export interface Api {
  csrf: string;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, data: unknown, status?: number): Promise<T>;
}

/** Creates the owner through first-run setup; the browser context keeps the session cookie. */
export async function setupOwner(
  request: APIRequestContext,
  url: string,
  owner: { name: string; email: string; password: string },
): Promise<Api> {
  const res = await request.post(`${url}/api/v1/setup`, { data: owner });
  assert.equal(res.status(), 201, await res.text());
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return apiFor(request, url, csrfToken);
}

export function apiFor(request: APIRequestContext, url: string, csrf: string): Api {
  return {
    csrf,
    async get<T>(path: string): Promise<T> {
      const res = await request.get(`${url}${path}`);
      assert.equal(res.status(), 200, await res.text());
      return (await res.json()) as T;
    },
    async post<T>(path: string, data: unknown, status = 201): Promise<T> {
      const res = await request.post(`${url}${path}`, { data, headers: { 'x-csrf-token': csrf } });
      assert.equal(res.status(), status, await res.text());
      return (await res.json()) as T;
    },
  };
}

export function nav(ui: ServicesUi, name: string) {
  return ui.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

/** The section (role region) a card's h2 or an integration's h3 names. */
export function region(ui: ServicesUi, name: string) {
  return ui.page.getByRole('region', { name, exact: true });
}

/** Whether the server has a route yet (the integrations API is being written alongside). */
export async function hasRoute(ui: ServicesUi, method: string, path: string): Promise<boolean> {
  const doc = await ui.api.get<{ paths: Record<string, Record<string, unknown>> }>('/api/openapi.json');
  return Boolean(doc.paths[path]?.[method.toLowerCase()]);
}
