import * as tf from '@tensorflow/tfjs';
import type { NoisingRenderer, RendererInputs } from './types';

/**
 * WebGL: a small program of our own on the tfjs backend's WebGL2 context samples the backend's
 * dense textures of x_0 and ε, draws the clamped x_t into that context's default framebuffer,
 * and the visible 2-D canvas copies it with drawImage (a GPU-side copy). tfjs re-binds its
 * framebuffer, program, vertex array and textures before each of its own draws, so the only
 * state to leave tidy is the active texture unit.
 */
const VERTEX = `#version 300 es
void main() {
  vec2 xy = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  gl_Position = vec4(xy * 2.0 - 1.0, 0.0, 1.0);
}`;

const FRAGMENT = `#version 300 es
precision highp float;
uniform sampler2D x0;
uniform sampler2D epsilon;
uniform float a;
uniform float b;
uniform int height;
out vec4 color;
void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  p.y = height - 1 - p.y;
  // Dense textures hold one pixel (RGB + padding) per texel, row-major, [height, width].
  vec3 xt = a * texelFetch(x0, p, 0).rgb + b * texelFetch(epsilon, p, 0).rgb;
  color = vec4(clamp(xt * 0.5 + 0.5, 0.0, 1.0), 1.0);
}`;

interface WebGlBackendLike {
  gpgpu: { gl: WebGL2RenderingContext };
}

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type)!;
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
    throw new Error(`WebGL shader failed to compile: ${gl.getShaderInfoLog(shader)}`);
  }
  return shader;
}

export function createWebGlRenderer({ x0, epsilon, canvas }: RendererInputs): NoisingRenderer {
  const gl = (tf.backend() as unknown as WebGlBackendLike).gpgpu.gl;
  const [height, width] = x0.shape;
  const texShape: [number, number] = [height, width];
  const x0Gpu = x0.dataToGPU({ customTexShape: texShape }) as unknown as { texture: WebGLTexture; tensorRef: tf.Tensor };
  const epsGpu = epsilon.dataToGPU({ customTexShape: texShape }) as unknown as {
    texture: WebGLTexture;
    tensorRef: tf.Tensor;
  };

  const program = gl.createProgram()!;
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX));
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
    throw new Error(`WebGL program failed to link: ${gl.getProgramInfoLog(program)}`);
  }
  const vao = gl.createVertexArray();
  const loc = {
    x0: gl.getUniformLocation(program, 'x0'),
    epsilon: gl.getUniformLocation(program, 'epsilon'),
    a: gl.getUniformLocation(program, 'a'),
    b: gl.getUniformLocation(program, 'b'),
    height: gl.getUniformLocation(program, 'height'),
  };

  canvas.width = width;
  canvas.height = height;
  const source = gl.canvas;
  // Where tfjs's context draws into an OffscreenCanvas (as it does where there is one), each frame
  // is handed to the visible canvas as an ImageBitmap, without a copy. A 2-D canvas drawing the
  // WebGL canvas instead made jumps of t slower on the software GPU (p95 49 → 55 ms).
  const handOver = typeof OffscreenCanvas !== 'undefined' && source instanceof OffscreenCanvas ? canvas.getContext('bitmaprenderer') : null;
  const ctx = handOver ? null : canvas.getContext('2d');
  if (!handOver && !ctx) throw new Error('This canvas cannot get a 2-D context');

  return {
    render(a, b) {
      if (source.width !== width || source.height !== height) {
        source.width = width;
        source.height = height;
      }
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      gl.viewport(0, 0, width, height);
      gl.useProgram(program);
      gl.bindVertexArray(vao);
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, x0Gpu.texture);
      gl.activeTexture(gl.TEXTURE1);
      gl.bindTexture(gl.TEXTURE_2D, epsGpu.texture);
      gl.uniform1i(loc.x0, 0);
      gl.uniform1i(loc.epsilon, 1);
      gl.uniform1f(loc.a, a);
      gl.uniform1f(loc.b, b);
      gl.uniform1i(loc.height, height);
      gl.drawArrays(gl.TRIANGLES, 0, 3);
      gl.bindVertexArray(null);
      gl.activeTexture(gl.TEXTURE0);
      if (handOver) handOver.transferFromImageBitmap((source as OffscreenCanvas).transferToImageBitmap());
      else ctx!.drawImage(source, 0, 0);
    },
    finished() {
      // A fence after the draw, polled without blocking the main thread.
      const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0)!;
      gl.flush();
      return new Promise<void>((resolve) => {
        const poll = () => {
          if (gl.clientWaitSync(sync, 0, 0) === gl.TIMEOUT_EXPIRED) {
            setTimeout(poll, 0);
            return;
          }
          gl.deleteSync(sync);
          resolve();
        };
        poll();
      });
    },
    dispose() {
      gl.deleteProgram(program);
      gl.deleteVertexArray(vao);
      x0Gpu.tensorRef.dispose();
      epsGpu.tensorRef.dispose();
    },
  };
}
