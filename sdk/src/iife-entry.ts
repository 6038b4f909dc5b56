// Entry of the `<script>` bundle (sdk/dist/widget-sdk.iife.js): `window.WidgetServiceSDK`, with the
// error classes on it (`WidgetServiceSDK.ConnectorError`, `WidgetServiceSDK.ConnectorBoundaryError`).
import { WidgetServiceSDK as SDK } from './widget-service-sdk.js';

declare global {
  // `var`, so it is also `window.WidgetServiceSDK` for typed script-tag widgets.
  // eslint-disable-next-line no-var
  var WidgetServiceSDK: typeof SDK;
}

globalThis.WidgetServiceSDK = SDK;
