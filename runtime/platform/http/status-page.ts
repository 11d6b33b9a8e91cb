/** Shown at `/` until the designer is built. */
export function statusPage(): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>civicflow</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>civicflow 运行中</h1>
<p>流程引擎服务已启动。设计器尚未构建。</p>
<ul><li><a href="/api/openapi.json">OpenAPI 接口说明</a></li><li><a href="/api/health">健康检查</a></li></ul>
<p lang="en">civicflow is running. The designer is not built yet; the REST API is described at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body></html>`;
}
