import * as tf from '@tensorflow/tfjs';
import type { NoisingRenderer, RendererInputs } from './types';

/**
 * WebGPU: a full-screen triangle whose fragment shader reads x_0 and ε straight from the tfjs
 * backend's storage buffers and writes the clamped pixel into the canvas' swap-chain texture.
 * One draw call per frame, nothing read back.
 */
const SHADER = /* wgsl */ `
struct Params { a: f32, b: f32, width: u32, height: u32 };
@group(0) @binding(0) var<storage, read> x0: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> epsilon: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> params: Params;

@vertex
fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4<f32> {
  let xy = vec2<f32>(f32((i << 1u) & 2u), f32(i & 2u));
  return vec4<f32>(xy * 2.0 - 1.0, 0.0, 1.0);
}

@fragment
fn fs(@builtin(position) p: vec4<f32>) -> @location(0) vec4<f32> {
  let k = u32(p.y) * params.width + u32(p.x);
  let xt = params.a * x0[k].rgb + params.b * epsilon[k].rgb;
  return vec4<f32>(clamp(xt * 0.5 + 0.5, vec3<f32>(0.0), vec3<f32>(1.0)), 1.0);
}
`;

interface WebGpuBackendLike {
  device: GPUDevice;
}

export function createWebGpuRenderer({ x0, epsilon, canvas }: RendererInputs): NoisingRenderer {
  const device = (tf.backend() as unknown as WebGpuBackendLike).device;
  const [height, width] = x0.shape;
  // Copies of the tensors' buffers that tfjs will not recycle while we hold them.
  const x0Gpu = x0.dataToGPU() as unknown as { buffer: GPUBuffer; tensorRef: tf.Tensor };
  const epsGpu = epsilon.dataToGPU() as unknown as { buffer: GPUBuffer; tensorRef: tf.Tensor };

  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('webgpu');
  if (!context) throw new Error('This canvas cannot get a WebGPU context');
  const format = navigator.gpu.getPreferredCanvasFormat();
  context.configure({ device, format, alphaMode: 'opaque' });

  const module = device.createShaderModule({ code: SHADER });
  const pipeline = device.createRenderPipeline({
    layout: 'auto',
    vertex: { module, entryPoint: 'vs' },
    fragment: { module, entryPoint: 'fs', targets: [{ format }] },
    primitive: { topology: 'triangle-list' },
  });
  const params = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: x0Gpu.buffer } },
      { binding: 1, resource: { buffer: epsGpu.buffer } },
      { binding: 2, resource: { buffer: params } },
    ],
  });
  const paramData = new ArrayBuffer(16);
  const paramF32 = new Float32Array(paramData);
  const paramU32 = new Uint32Array(paramData);
  paramU32[2] = width;
  paramU32[3] = height;

  return {
    render(a, b) {
      paramF32[0] = a;
      paramF32[1] = b;
      device.queue.writeBuffer(params, 0, paramData);
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginRenderPass({
        colorAttachments: [
          { view: context.getCurrentTexture().createView(), loadOp: 'clear', storeOp: 'store', clearValue: [0, 0, 0, 1] },
        ],
      });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.draw(3);
      pass.end();
      device.queue.submit([encoder.finish()]);
    },
    finished: () => device.queue.onSubmittedWorkDone(),
    dispose() {
      params.destroy();
      x0Gpu.tensorRef.dispose();
      epsGpu.tensorRef.dispose();
      context.unconfigure();
    },
  };
}
