// The weather API behind `weather-now`: API-key protected; `city` is overridable by the widget.
import { requireApiKey } from './api-key.js';
import { sendError, sendJson } from './http-helpers.js';
import type { Route } from './route.js';

const CITIES: Readonly<Record<string, { readonly tempC: number; readonly summary: string }>> = {
  warsaw: { tempC: 18.5, summary: 'Partly cloudy' },
  london: { tempC: 14, summary: 'Light rain' },
  lisbon: { tempC: 24, summary: 'Sunny' },
  reykjavik: { tempC: 6.5, summary: 'Windy' },
};

export function weatherRoutes(apiKey: string): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/v1\/weather\/current$/,
      handle(request) {
        if (!requireApiKey(request, apiKey)) return;
        const city = request.url.searchParams.get('city') ?? '';
        const weather = CITIES[city.toLowerCase()];
        if (weather === undefined) return sendError(request.res, 404, 'unknown_city', `no weather for that city; try ${Object.keys(CITIES).join(', ')}`);
        const units = request.url.searchParams.get('units');
        if (units !== 'metric') return sendError(request.res, 400, 'invalid_request', 'units must be metric');
        sendJson(request.res, 200, { city: city.charAt(0).toUpperCase() + city.slice(1).toLowerCase(), temp_c: weather.tempC, summary: weather.summary, units });
      },
    },
  ];
}
