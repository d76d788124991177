/**
 * The forward plane's density contours, off the page's main thread: on a busy CPU their few
 * milliseconds, every quarter second of a drag, were frames that a scrub dropped.
 */
import { densityBands, type DensityRequest } from './densityBands';

self.onmessage = (event: MessageEvent<DensityRequest>) => self.postMessage({ bands: densityBands(event.data) });
