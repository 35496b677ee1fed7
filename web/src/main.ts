// The command-center (综治中心) page: one screen of the subdistrict's grid events, built on the typed client.
// Every document it sends is a registered one (persisted by hash), so the same page runs against a gateway in
// trusted-documents mode. It renders with the DOM API and textContent only: no HTML is ever built from data.
import { Client, fetchExchange, type AnyVariables, type TypedDocumentNode } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import {
  ClosedEventsDocument, CommandCenterDocument, documentHash, EventTimelineDocument, MyQueueDocument,
  type ClosedEventsQuery, type CommandCenterQuery, type EventRowFragment, type EventStatus, type EventTimelineQuery,
} from '@gridhub/client';

type Child = Node | string | number | null | undefined | false;

/** A DOM element with attributes and children; strings become text nodes, so data can never inject markup. */
function h(tag: string, attrs: Record<string, string | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k, v);
    else el.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
  return el;
}

const params = new URLSearchParams(location.search);
const TOKEN_KEY = 'gridhub.token';

/** The token: from `#token=…` (the fragment never reaches a server), else this tab's session storage. */
function takeToken(): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

interface Claims {
  sub?: string;
  role?: string;
  name?: string;
  exp?: number;
}

/** What the token says about its holder, for display only: the gateway verifies it on every request. */
function claimsOf(token: string): Claims {
  try {
    const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)))) as Claims;
  } catch {
    return {};
  }
}

/** Statuses each role acts on (its queue); the hub applies the role's scope, and `allowedActions` says what it may do. */
const QUEUE: Record<string, EventStatus[]> = {
  SUBDISTRICT_ADMIN: ['REPORTED', 'ACCEPTED', 'RESOLVED'],
  CENTER_OPERATOR: ['REPORTED', 'ACCEPTED', 'RESOLVED'],
  COMMUNITY_STAFF: ['ASSIGNED', 'IN_PROGRESS'],
  GRID_WORKER: ['ASSIGNED', 'IN_PROGRESS'],
  PARTNER: ['REPORTED', 'ACCEPTED', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED'],
};

function client(token: string): Client {
  const endpoint = params.get('endpoint') ?? new URL('/graphql', location.href).href;
  return new Client({
    url: endpoint,
    preferGetMethod: false,
    requestPolicy: 'network-only',
    // No cacheExchange: it would add __typename to documents, which then would not be the registered ones.
    exchanges: [persistedExchange({ generateHash: async (_q, doc) => documentHash(doc), preferGetForPersistedQueries: false }), fetchExchange],
    fetchOptions: { headers: { authorization: `Bearer ${token}` } },
  });
}

/** Runs one typed document; a GraphQL error is shown with its code (docs/errors.md). */
async function run<R, V extends AnyVariables>(api: Client, doc: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  const result = await api.query(doc, variables).toPromise();
  if (result.error) {
    const codes = result.error.graphQLErrors.map((e) => e.extensions?.code).filter(Boolean);
    throw new Error(`${result.error.message}${codes.length ? ` (${codes.join(', ')})` : ''}`);
  }
  return result.data!;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const hours = (seconds: number | null | undefined) => (seconds === null || seconds === undefined ? '—' : `${(seconds / 3600).toFixed(1)} h`);
const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');
const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.ceil(xs.length / 2) - 1]! : null);
const badge = (supervision: string) => h('span', { class: `badge ${supervision}` }, supervision);

/** China Standard Time calendar day of `d`, as YYYY-MM-DD (the seed and the center count days in CST). */
const cstDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const dayStart = (day: string) => `${day}T00:00:00+08:00`;

function kpi(label: string, value: string | number, testid: string): HTMLElement {
  return h('div', { class: 'kpi' }, h('b', { 'data-testid': testid }, value), h('span', {}, label));
}

function table(head: string[], rows: Child[][], numeric: number[] = []): HTMLElement {
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, ...head.map((t, i) => h('th', numeric.includes(i) ? { class: 'num' } : {}, t)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c, i) => h('td', numeric.includes(i) ? { class: 'num' } : {}, c))))),
  );
}

function eventRows(events: EventRowFragment[], open: (id: string) => void, extra?: (e: EventRowFragment) => Child): HTMLElement {
  const rows = events.map((e) => {
    const tr = h(
      'tr',
      { class: 'link', 'data-event': e.id, click: () => open(e.id) },
      h('td', {}, e.title),
      h('td', {}, e.community.name),
      h('td', {}, e.category.nameZh),
      h('td', {}, e.status),
      h('td', {}, badge(e.supervision)),
      h('td', {}, when(e.deadline)),
    );
    if (extra) tr.append(h('td', {}, extra(e)));
    return tr;
  });
  const head = ['event', 'community', 'category', 'status', '督办', 'deadline', ...(extra ? ['you may'] : [])];
  return h('table', {}, h('thead', {}, h('tr', {}, ...head.map((t) => h('th', {}, t)))), h('tbody', {}, ...rows));
}

/** Closure by community and by first-level category, from the period's closed events (paged) and the totals. */
async function closureTables(api: Client, from: string, to: string, stats: CommandCenterQuery['governanceStats']): Promise<HTMLElement[]> {
  const byCommunity = new Map<string, number[]>();
  const byCategory = new Map<string, number[]>();
  let after: string | null = null;
  do {
    const page: ClosedEventsQuery = await run(api, ClosedEventsDocument, { from, to, first: 500, after });
    for (const { node } of page.events.edges) {
      const seconds = (Date.parse(node.closedAt!) - Date.parse(node.reportedAt)) / 1000;
      const category = node.category.parent?.code ?? node.category.code;
      byCommunity.set(node.community.id, [...(byCommunity.get(node.community.id) ?? []), seconds]);
      byCategory.set(category, [...(byCategory.get(category) ?? []), seconds]);
    }
    after = page.events.pageInfo.hasNextPage ? page.events.pageInfo.endCursor : null;
  } while (after);
  const row = (name: string, total: number, closed: number[]) => [name, total, closed.length, total ? pct(closed.length / total) : '—', hours(median(closed))];
  const head = ['', 'events', 'closed', 'closure rate', 'median time to close'];
  return [
    h('section', { class: 'half' }, h('h2', {}, 'Closure by community 社区'), table(head, stats.byCommunity.map((c) => row(c.community.name, c.count, byCommunity.get(c.communityId) ?? [])), [1, 2, 3, 4])),
    h('section', { class: 'half' }, h('h2', {}, 'Closure by category 类别'), table(head, stats.byCategory.map((c) => row(c.key, c.count, byCategory.get(c.key) ?? [])), [1, 2, 3, 4])),
  ];
}

function timeline(event: NonNullable<EventTimelineQuery['event']>): HTMLElement {
  return h(
    'section',
    { class: 'full', id: 'timeline' },
    h('h2', {}, `Event ${event.id} 事件经过`),
    h('p', {}, h('b', {}, event.title), ' — ', event.location, ' · ', event.grid.name, ' · ', badge(event.supervision), ' ', event.status),
    h('p', { class: 'muted' }, event.description),
    h(
      'p',
      {},
      'Assigned: ',
      event.assignedDepartment?.name ?? event.assignedWorker?.name ?? '—',
      event.assignedWorker ? ` (${event.assignedWorker.phone})` : '',
      ' · Grid workers: ',
      event.grid.workers.map((w) => `${w.name} ${w.phone}`).join(', ') || '—',
    ),
    h(
      'ol',
      { class: 'timeline' },
      ...event.history.map((step) =>
        h(
          'li',
          { 'data-testid': 'history-step' },
          h('time', {}, when(step.at)),
          h('b', {}, step.action),
          ` ${step.from ?? '∅'} → ${step.to} · `,
          h('span', { 'data-testid': 'actor' }, `${step.actor.name ?? step.actor.subject} (${step.actor.role})`),
          step.assignedDepartment ? ` → ${step.assignedDepartment.name}` : '',
          step.assignedWorker ? ` → ${step.assignedWorker.name}` : '',
          step.note ? h('div', { class: 'muted' }, step.note) : null,
        ),
      ),
    ),
  );
}

async function render(api: Client, claims: Claims, from: string, to: string): Promise<void> {
  const app = document.getElementById('app')!;
  const data = await run(api, CommandCenterDocument, { from, to, overdueFirst: 20 });
  const s = data.governanceStats;
  const open = async (id: string) => {
    const detail = await run(api, EventTimelineDocument, { id });
    document.getElementById('timeline')?.remove();
    if (detail.event) app.append(timeline(detail.event));
    document.getElementById('timeline')?.scrollIntoView();
  };
  const statuses = QUEUE[claims.role ?? ''] ?? [];
  const queue = statuses.length ? await run(api, MyQueueDocument, { status: statuses, first: 20 }) : null;
  const queueActions = new Map(queue?.events.edges.map((e) => [e.node.id, e.node.allowedActions.join(' ')]));
  const maxStatus = Math.max(1, ...s.byStatus.map((x) => x.count));

  app.replaceChildren(
    h(
      'section',
      { class: 'kpis' },
      kpi('events 事件', s.total, 'total'),
      kpi('closed 办结', s.closed, 'closed'),
      kpi('closure rate 办结率', pct(s.closureRate), 'closure-rate'),
      kpi('on time 按期', pct(s.onTimeRate), 'on-time-rate'),
      kpi('median to close', hours(s.medianSecondsToClose), 'median'),
      kpi('p90 to close', hours(s.p90SecondsToClose), 'p90'),
      kpi('overdue 超期', s.overdue, 'overdue'),
      kpi('yellow 黄牌', s.supervisedYellow, 'yellow'),
      kpi('red 红牌', s.supervisedRed, 'red'),
    ),
    h(
      'section',
      { class: 'third' },
      h('h2', {}, 'By status 状态'),
      table(['status', 'events', ''], s.byStatus.map((x) => [x.key, x.count, h('progress', { max: String(maxStatus), value: String(x.count) })]), [1]),
    ),
    h(
      'section',
      { class: 'third' },
      h('h2', {}, 'Supervision 督办'),
      table(['flag', 'events'], [
        [badge('NONE'), data.supervisionNone.totalCount],
        [badge('YELLOW'), data.supervisionYellow.totalCount],
        [badge('RED'), data.supervisionRed.totalCount],
      ], [1]),
    ),
    h(
      'section',
      { class: 'third', id: 'queue' },
      h('h2', {}, `My queue 待办 (${claims.role ?? 'no role'})`),
      queue
        ? h('div', {}, h('p', {}, h('b', { 'data-testid': 'queue-count' }, queue.events.totalCount), ` events in ${statuses.join(', ')}`), eventRows(queue.events.edges.map((e) => e.node), open, (e) => queueActions.get(e.id) ?? ''))
        : h('p', { class: 'muted' }, 'This role has no event queue.'),
    ),
    h(
      'section',
      { class: 'full', id: 'overdue' },
      h('h2', {}, `Overdue 超期未办 (${data.overdueEvents.totalCount})`),
      eventRows(data.overdueEvents.edges.map((e) => e.node), open),
    ),
    ...(await closureTables(api, from, to, s)),
  );
}

function loginForm(reason?: string): void {
  const input = h('textarea', { name: 'token', placeholder: 'Paste a token (gridhub token --role CENTER_OPERATOR)' }) as HTMLTextAreaElement;
  const form = h(
    'form',
    {
      submit: (e) => {
        e.preventDefault();
        sessionStorage.setItem(TOKEN_KEY, input.value.trim());
        void main();
      },
    },
    input,
    h('button', { type: 'submit' }, 'Sign in'),
  );
  document.getElementById('app')!.replaceChildren(h('section', { class: 'login' }, h('h2', {}, 'Sign in 登录'), reason ? h('p', { class: 'error' }, reason) : null, form));
}

async function main(): Promise<void> {
  const token = takeToken();
  if (!token) return loginForm();
  const claims = claimsOf(token);
  if (claims.exp && claims.exp * 1000 < Date.now()) {
    sessionStorage.removeItem(TOKEN_KEY);
    return loginForm('The token has expired: sign in again.');
  }
  document.getElementById('who')!.replaceChildren(
    `${claims.name ?? claims.sub ?? ''} · ${claims.role ?? ''} `,
    h('button', { type: 'button', click: () => (sessionStorage.removeItem(TOKEN_KEY), loginForm()) }, 'Sign out'),
  );
  const form = document.getElementById('period') as HTMLFormElement;
  const today = cstDay(new Date());
  const tomorrow = cstDay(new Date(Date.now() + 86_400_000));
  const fromInput = form.elements.namedItem('from') as HTMLInputElement;
  const toInput = form.elements.namedItem('to') as HTMLInputElement;
  // Default: today (CST). `?from=&to=` (dates, `to` exclusive) shows another period.
  fromInput.value = params.get('from') ?? today;
  toInput.value = params.get('to') ?? tomorrow;
  const api = client(token);
  const show = async () => {
    try {
      await render(api, claims, dayStart(fromInput.value), dayStart(toInput.value));
      document.body.dataset.ready = 'true';
    } catch (err) {
      const message = (err as Error).message;
      if (/UNAUTHENTICATED/.test(message)) {
        sessionStorage.removeItem(TOKEN_KEY);
        return loginForm(message);
      }
      document.getElementById('app')!.replaceChildren(h('p', { class: 'error' }, message));
    }
  };
  form.onsubmit = (e) => {
    e.preventDefault();
    void show();
  };
  await show();
}

void main();
