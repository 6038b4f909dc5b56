// The demo widgets: one card per connector of the demo registry, calling the Conduit runtime
// through window.WidgetServiceSDK (loaded by a <script> tag) and showing the parsed result, the
// per-step timing and, on failure, the SDK's ConnectorError. Plain DOM, no framework; every value
// from a response is written with textContent.
'use strict';

(async function main() {
  const SDK = window.WidgetServiceSDK;
  const $ = (id) => document.getElementById(id);
  const config = await (await fetch('/demo-config.json', { cache: 'no-store' })).json();

  // Success answers carry X-Connector-Timing too, but the SDK resolves with the body only: the page
  // observes its own fetches (the runtime exposes the header through CORS) to show the timing.
  const timingByUrl = new Map();
  const nativeFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const response = await nativeFetch(input, init);
    const url = typeof input === 'string' ? input : input.url;
    timingByUrl.set(url.split('?')[0], response.headers.get('X-Connector-Timing'));
    return response;
  };

  $('page-origin').textContent = window.location.origin;
  $('runtime-url').textContent = config.runtimeUrl;

  // --- session: who is signed in, and the SDK timeout --------------------------------------------
  const memberSelect = $('member');
  const tokenBox = $('user-token');
  const timeoutInput = $('timeout');
  for (const member of config.members) {
    memberSelect.append(new Option(`${member.name} (id ${member.id})`, member.id));
  }
  memberSelect.append(new Option('anonymous (no user token)', ''));
  const showMember = () => {
    const member = config.members.find((m) => m.id === memberSelect.value);
    tokenBox.value = member ? member.token : '';
    $('member-note').textContent = member ? `${member.name}: ${member.note}.` : 'No token: user.* fields render empty.';
  };
  memberSelect.addEventListener('change', showMember);
  showMember();

  /** A new SDK per call, so the token box and the timeout apply as they are now. */
  const newSdk = () =>
    new SDK({
      baseUrl: config.runtimeUrl,
      getToken: () => tokenBox.value.trim(),
      // Empty means the SDK's default; anything else goes to the SDK as typed (it checks the range).
      ...(timeoutInput.value.trim() === '' ? {} : { timeout: Number(timeoutInput.value) }),
    });

  // --- the cards ----------------------------------------------------------------------------------
  const CARDS = [
    {
      title: 'Profile lookup',
      permalink: 'profile-lookup',
      composite: true,
      tags: ['composite · 2 steps', 'OAuth client credentials', 'user.id'],
      about: "Step 1 fetches the member's user record; step 2 reads the account id from step 1's X-Account-Id header and fetches the account's preferences.",
      fields: [],
    },
    {
      title: 'Member dashboard',
      permalink: 'member-dashboard',
      composite: true,
      tags: ['composite · 5 steps', 'execution: parallel', 'when:'],
      about:
        "Profile, weather and catalog start together; preferences (only when preferences=yes) waits for profile; the last step combines them all. The waterfall shows each step's start offset.",
      fields: [
        { name: 'preferences', in: 'queryParams', value: 'yes' },
        { name: 'city', in: 'queryParams', value: 'Lisbon' },
      ],
    },
    {
      title: 'Order item',
      permalink: 'order-item',
      method: 'GET',
      tags: ['path parameters', 'overridable query parameters'],
      about: 'Path parameters go in X-Path-Params; page and page_size are overridable, fields and customer are fixed by the connector.',
      fields: [
        { name: 'order_id', in: 'pathParams', value: '42' },
        { name: 'item_id', in: 'pathParams', value: 'a-1' },
        { name: 'page', in: 'queryParams', value: '1' },
        { name: 'page_size', in: 'queryParams', value: '20' },
      ],
    },
    {
      title: 'Weather now',
      permalink: 'weather-now',
      method: 'GET',
      tags: ['API key (header)', 'response_body template'],
      about: 'The API key is added on the server. The city is overridable (try London, Lisbon, Reykjavik, or Atlantis for a 404).',
      fields: [{ name: 'city', in: 'queryParams', value: 'Warsaw' }],
    },
    {
      title: 'Partner inventory',
      permalink: 'partner-inventory',
      method: 'GET',
      tags: ['JWT (HS256)', 'claims from user.*'],
      about: "Conduit signs a fresh JWT per call with the member's id, email and tenant as claims; the partner API verifies it.",
      fields: [],
    },
    {
      title: 'Product catalog',
      permalink: 'product-catalog',
      method: 'GET',
      tags: ['cacheable GET', 'Cache-Control max-age=30', 'ETag'],
      about: 'The upstream allows caching for 30 s (and revalidation by ETag). Call twice: the second answer comes from the runtime\'s cache (cache: hit) and repeats upstream_requests.',
      fields: [],
    },
    {
      title: 'Create support ticket',
      permalink: 'create-support-ticket',
      method: 'POST',
      tags: ['POST', 'request_body template', 'API key'],
      about: "The body is built on the server from the payload plus the verified member (anonymous: a template error, 422).",
      fields: [
        { name: 'subject', in: 'payload', value: 'Widget hinge squeaks' },
        { name: 'description', in: 'payload', value: 'Since the last firmware update.' },
      ],
    },
  ];

  const el = (tag, props = {}, children = []) => {
    const { dataset = {}, ...rest } = props;
    const node = Object.assign(document.createElement(tag), rest);
    Object.assign(node.dataset, dataset);
    node.append(...children);
    return node;
  };

  function callOptions(card, inputs) {
    const options = { permalink: card.permalink };
    if (!card.composite) options.method = card.method;
    for (const field of card.fields) {
      const value = inputs.get(field.name).value;
      options[field.in] ??= {};
      options[field.in][field.name] = value;
    }
    return options;
  }

  function describeCall(card, options) {
    const target = card.composite ? 'sdk.connectors.composite.execute' : 'sdk.connectors.execute';
    return `${target}(${JSON.stringify(options)})`;
  }

  /** A regular connector's timing: where the time went, Conduit versus the upstream (SPEC §5). */
  function splitTable(timing) {
    const row = (label, value, className) => el('tr', { className }, [el('td', { textContent: label }), el('td', { textContent: value })]);
    return el('table', { className: 'timing split' }, [
      el('tbody', {}, [
        row('internal', `${timing.internal_ms.toFixed(1)} ms`, 'internal'),
        row(`external${timing.external_host ? ` (${timing.external_host})` : ''}${timing.timeout ? ' — timeout' : ''}`, `${timing.external_ms.toFixed(1)} ms`, 'external'),
        row('cache', timing.cache_hit ? 'hit' : 'miss', 'cache'),
        row('total', `${timing.total_ms.toFixed(1)} ms`, 'total'),
      ]),
    ]);
  }

  function timingTable(timing) {
    if (timing && typeof timing.internal_ms === 'number' && typeof timing.external_ms === 'number') return splitTable(timing);
    if (!timing || !Array.isArray(timing.steps)) return el('p', { className: 'note', textContent: 'no timing header' });
    // With execution: parallel every step has start_ms: the bars become a waterfall on one time axis.
    const waterfall = timing.steps.some((s) => typeof s.start_ms === 'number');
    const span = waterfall
      ? Math.max(1, timing.total_ms, ...timing.steps.map((s) => (s.start_ms ?? 0) + s.duration_ms))
      : Math.max(1, ...timing.steps.map((s) => s.duration_ms));
    const bar = (step) =>
      el('div', {
        className: 'bar',
        style: `margin-left:${waterfall ? (100 * (step.start_ms ?? 0)) / span : 0}%;width:${Math.max(0.5, (100 * step.duration_ms) / span)}%`,
      });
    const rows = timing.steps.flatMap((step) => {
      const row = el('tr', { dataset: { step: step.name, ...(step.skipped ? { skipped: 'true' } : {}), ...(step.cancelled ? { cancelled: 'true' } : {}) } }, [
        el('td', { textContent: `${step.index}` }),
        el('td', { textContent: step.name }),
        el('td', { textContent: step.skipped ? 'skipped' : step.status_code === null || step.status_code === undefined ? '—' : String(step.status_code) }),
        // The runtime's response cache: hit, revalidated (304 from the upstream) or miss.
        el('td', { className: 'cache', textContent: step.cache ?? '' }),
        el('td', { className: 'start', textContent: waterfall ? `+${(step.start_ms ?? 0).toFixed(1)}` : '' }),
        el('td', { textContent: `${step.duration_ms.toFixed(1)} ms` }),
        // Sequential: a bar per row. Waterfall: the bars get a full-width row of their own, one time axis for all.
        ...(waterfall ? [] : [el('td', { style: 'width:40%' }, [bar(step)])]),
      ]);
      return waterfall ? [row, el('tr', { className: 'track' }, [el('td', { colSpan: 6 }, [bar(step)])])] : [row];
    });
    return el('table', { className: waterfall ? 'timing waterfall' : 'timing' }, [
      el('thead', {}, [el('tr', {}, ['#', 'step', 'status', 'cache', waterfall ? 'start (ms)' : '', 'time', ...(waterfall ? [] : [''])].map((h) => el('th', { textContent: h })))]),
      el('tbody', {}, rows),
      el('tfoot', {}, [
        el('tr', {}, [el('td'), el('td', { textContent: 'total' }), el('td'), el('td'), el('td'), el('td', { textContent: `${timing.total_ms.toFixed(1)} ms` }), ...(waterfall ? [] : [el('td')])]),
      ]),
    ]);
  }

  function showResult(result, state, parts) {
    result.dataset.state = state;
    result.replaceChildren(...parts);
  }

  function renderCard(card) {
    const inputs = new Map();
    const fieldNodes = card.fields.map((field) => {
      const input = el('input', { value: field.value, name: field.name });
      inputs.set(field.name, input);
      return el('label', {}, [`${field.in}.${field.name}`, input]);
    });
    const callLine = el('div', { className: 'call-line' });
    const button = el('button', { type: 'button', textContent: card.composite ? 'Run composite' : `Call (${card.method})` });
    const result = el('div', { className: 'result' });
    const node = el('article', { className: 'card', id: `card-${card.permalink}` }, [
      el('h2', { textContent: card.title }),
      el('div', { className: 'tags' }, [el('span', { className: 'tag', textContent: card.permalink }), ...card.tags.map((t) => el('span', { className: 'tag', textContent: t }))]),
      el('p', { className: 'about', textContent: card.about }),
      ...(fieldNodes.length > 0 ? [el('div', { className: 'fields' }, fieldNodes)] : []),
      callLine,
      button,
      result,
    ]);
    const refreshCallLine = () => (callLine.textContent = describeCall(card, callOptions(card, inputs)));
    for (const input of inputs.values()) input.addEventListener('input', refreshCallLine);
    refreshCallLine();

    button.addEventListener('click', async () => {
      const options = callOptions(card, inputs);
      const path = `${config.runtimeUrl}/api/connectors/${card.composite ? 'composite/' : ''}${card.permalink}`;
      timingByUrl.delete(path);
      button.disabled = true;
      showResult(result, 'pending', [el('div', { className: 'headline', textContent: 'calling…' })]);
      const started = performance.now();
      try {
        const sdk = newSdk();
        const body = card.composite ? await sdk.connectors.composite.execute(options) : await sdk.connectors.execute(options);
        const elapsed = performance.now() - started;
        let timing = null;
        try {
          timing = JSON.parse(timingByUrl.get(path) ?? 'null');
        } catch {
          timing = null;
        }
        showResult(result, 'ok', [
          el('div', { className: 'headline', textContent: `✓ resolved in ${elapsed.toFixed(0)} ms (as seen by the page)` }),
          timingTable(timing),
          el('pre', { className: 'body', textContent: typeof body === 'string' ? body : JSON.stringify(body, null, 2) }),
        ]);
      } catch (error) {
        if (error instanceof SDK.ConnectorBoundaryError) {
          // Thrown before any request: the widget's own mistake (here: an input the SDK refuses).
          showResult(result, 'error', [
            el('div', { className: 'headline', textContent: '✗ ConnectorBoundaryError (no request was sent)' }),
            el('dl', { className: 'envelope' }, [
              el('dt', { textContent: 'field' }),
              el('dd', { className: 'field', textContent: error.field }),
              el('dt', { textContent: 'message' }),
              el('dd', { className: 'message', textContent: error.message }),
            ]),
          ]);
          return;
        }
        if (!(error instanceof SDK.ConnectorError)) throw error;
        showResult(result, 'error', [
          el('div', { className: 'headline', textContent: `✗ ConnectorError ${error.status}` }),
          el('dl', { className: 'envelope' }, [
            el('dt', { textContent: 'status' }),
            el('dd', { className: 'status', textContent: String(error.status) }),
            el('dt', { textContent: 'scope' }),
            el('dd', { className: 'scope', textContent: error.scope }),
            el('dt', { textContent: 'message' }),
            el('dd', { className: 'message', textContent: error.message }),
            // The v2 envelope's fields, when the runtime sent them.
            ...(error.code ? [el('dt', { textContent: 'code' }), el('dd', { className: 'code', textContent: error.code })] : []),
            ...(error.params ? [el('dt', { textContent: 'params' }), el('dd', { className: 'params', textContent: error.params.join(', ') })] : []),
            ...(error.detail ? [el('dt', { textContent: 'detail' }), el('dd', { className: 'detail', textContent: JSON.stringify(error.detail) })] : []),
            ...(error.requestId ? [el('dt', { textContent: 'request id' }), el('dd', { className: 'request-id', textContent: error.requestId })] : []),
          ]),
          ...(error.timing ? [timingTable(error.timing)] : []),
        ]);
      } finally {
        button.disabled = false;
      }
    });
    return node;
  }

  $('cards').replaceChildren(...CARDS.map(renderCard));
  document.body.dataset.ready = 'true';
})();
