/**
 * Choosing the tfjs backend. On a real GPU WebGPU is fastest; on a software ("fallback")
 * adapter it is the slowest of all, so there the order is webgl, then cpu. `?backend=` forces
 * one; when the forced or preferred backend fails, the next one is used and a notice says why.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';

export const BACKENDS = ['webgpu', 'webgl', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendInfo {
  name: BackendName;
  /** Human-readable description of the device doing the work. */
  adapter: string;
  /** True when WebGPU's adapter is a software fallback (e.g. SwiftShader). */
  fallbackAdapter: boolean;
  /** Set when the backend in use is not the one asked for, or the request was invalid. */
  notice?: string;
}

export function isBackendName(x: string): x is BackendName {
  return (BACKENDS as readonly string[]).includes(x);
}

interface AdapterProbe {
  available: boolean;
  fallback: boolean;
  description: string;
}

async function probeWebGpu(): Promise<AdapterProbe> {
  const gpu = typeof navigator !== 'undefined' ? navigator.gpu : undefined;
  if (!gpu) return { available: false, fallback: false, description: 'WebGPU is not supported by this browser' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { available: false, fallback: false, description: 'no WebGPU adapter was found' };
    const info = adapter.info;
    // `isFallbackAdapter` moved from the adapter to its info in newer browsers.
    const fallback = Boolean(
      (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ??
        (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter,
    );
    const parts = [info.vendor, info.architecture, info.description].filter((s) => s && s.length > 0);
    return { available: true, fallback, description: parts.join(' · ') || 'unknown adapter' };
  } catch (e) {
    return { available: false, fallback: false, description: `requestAdapter failed: ${String(e)}` };
  }
}

function webglRenderer(): string {
  try {
    const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
    const gl = backend.gpgpu?.gl;
    if (!gl) return 'WebGL';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  } catch {
    return 'WebGL';
  }
}

async function trySetBackend(name: BackendName): Promise<string | null> {
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return `tfjs could not initialise ${name}`;
    await tf.ready();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Pick and initialise a backend. `requested` is the raw `?backend=` value (or null).
 */
export async function chooseBackend(requested: string | null): Promise<BackendInfo> {
  const notices: string[] = [];
  let forced: BackendName | null = null;
  if (requested !== null && requested !== '') {
    if (isBackendName(requested)) forced = requested;
    else notices.push(`Unknown backend “${requested}”: use webgpu, webgl or cpu. Choosing automatically.`);
  }

  const gpu = await probeWebGpu();
  const auto: BackendName[] = gpu.available && !gpu.fallback ? ['webgpu', 'webgl', 'cpu'] : ['webgl', 'cpu'];
  const order = forced ? [forced, ...auto.filter((b) => b !== forced)] : auto;

  for (const name of order) {
    if (name === 'webgpu' && !gpu.available) {
      if (name === forced) notices.push(`WebGPU is unavailable (${gpu.description}).`);
      continue;
    }
    const error = await trySetBackend(name);
    if (error !== null) {
      notices.push(`The ${name} backend failed to start (${error}).`);
      continue;
    }
    const adapter =
      name === 'webgpu' ? gpu.description : name === 'webgl' ? webglRenderer() : 'JavaScript on the main thread';
    if (notices.length > 0 && forced && name !== forced) notices.push(`Using ${name} instead.`);
    return {
      name,
      adapter,
      fallbackAdapter: name === 'webgpu' && gpu.fallback,
      notice: notices.length > 0 ? notices.join(' ') : undefined,
    };
  }
  throw new Error(`No tfjs backend could start: ${notices.join(' ')}`);
}
