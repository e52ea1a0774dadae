import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { serverlessSettings, TOP_LEVEL, wranglerSettings } from '../../cli/deploy-settings.ts'
import { CLI_TIMEOUT_MS, runCli } from '../helpers/cli.ts'

/** wrangler.toml's settings by Worker, for a file that must parse. */
async function scopesOf(toml: string) {
  const reading = await wranglerSettings(toml)
  if (!reading.ok) throw new Error(reading.error)
  return reading.scopes
}

describe('the settings a deploy config passes', () => {
  it('wrangler.toml: keys under [vars] and names in [secrets] required, across lines and comments', async () => {
    const toml = [
      'name = "line"',
      '[vars]',
      'TIME_ZONE = "America/New_York" # a comment',
      '"QUOTED_KEY" = "x"',
      '[secrets]',
      'required = [',
      '  "TRIGGER_TOKEN", # the token',
      "  'VOITEX_AUTH_KEY'",
      ']',
      '[[kv_namespaces]]',
      'binding = "CALLERS"',
    ].join('\n')
    expect((await scopesOf(toml)).get(TOP_LEVEL)).toEqual({
      names: new Set(['TIME_ZONE', 'QUOTED_KEY', 'TRIGGER_TOKEN', 'VOITEX_AUTH_KEY']),
      values: { TIME_ZONE: 'America/New_York', QUOTED_KEY: 'x' },
      vars: { line: 2 },
      secrets: { line: 5 },
    })
  })

  it('wrangler.toml: each [env.NAME] passes only its own vars and secrets, as wrangler inherits neither', async () => {
    const toml = [
      '[vars]',
      'TIME_ZONE = "America/New_York"',
      '[env.staging]',
      'vars = { TIME_ZONE = "UTC", "VOITEX_API_URL" = "" }',
      '[env.production.vars]',
      'VOITEX_API_URL = ""',
      '[[env.production.kv_namespaces]]',
      'binding = "CALLERS"',
      '[env.production.secrets]',
      'required = ["TRIGGER_TOKEN"]',
      '[observability]',
      'enabled = true',
      '[env.dev]',
      'vars.TIME_ZONE = "UTC"',
    ].join('\n')
    const scopes = await scopesOf(toml)
    expect([...scopes.keys()]).toEqual([TOP_LEVEL, 'staging', 'production', 'dev'])
    expect(scopes.get('dev')).toEqual({
      names: new Set(['TIME_ZONE']),
      values: { TIME_ZONE: 'UTC' },
      vars: { line: 14, written: 'vars', inline: false },
    })
    expect(scopes.get(TOP_LEVEL)?.names).toEqual(new Set(['TIME_ZONE']))
    expect(scopes.get('staging')).toEqual({
      names: new Set(['TIME_ZONE', 'VOITEX_API_URL']),
      values: { TIME_ZONE: 'UTC', VOITEX_API_URL: '' },
      vars: { line: 4, written: 'vars', inline: true },
    })
    expect(scopes.get('production')).toEqual({
      names: new Set(['VOITEX_API_URL', 'TRIGGER_TOKEN']),
      values: { VOITEX_API_URL: '' },
      vars: { line: 5 },
      secrets: { line: 9 },
    })
  })

  it('wrangler.toml: a key of another table is not a setting', async () => {
    expect(
      (await scopesOf('[observability]\nenabled = true\n[vars]\n# OLD_KEY = "x"\n')).get(TOP_LEVEL)?.names,
    ).toEqual(new Set())
  })

  it('wrangler.toml: read as TOML, as wrangler reads it: literal keys, dotted keys, text that only looks like a table', async () => {
    const toml = [
      'env.production.vars.VOITEX_API_URL = ""',
      '[vars]',
      "'TIME_ZONE' = 'UTC'",
      'GREETING = """',
      '[secrets]',
      'required = ["TRIGGER_TOKEN"]',
      '"""',
      '[env."eu west".secrets]',
      "required = ['VOITEX_AUTH_KEY'] # set per region",
    ].join('\n')
    const scopes = await scopesOf(toml)
    // The [secrets] inside the string is text: the top level requires no secret and has no [secrets] line.
    expect(scopes.get(TOP_LEVEL)).toEqual({
      names: new Set(['TIME_ZONE', 'GREETING']),
      values: { TIME_ZONE: 'UTC', GREETING: '[secrets]\nrequired = ["TRIGGER_TOKEN"]\n' },
      vars: { line: 2 },
    })
    expect(scopes.get('production')).toEqual({
      names: new Set(['VOITEX_API_URL']),
      values: { VOITEX_API_URL: '' },
      vars: { line: 1, written: 'env.production.vars', inline: false },
    })
    expect(scopes.get('eu west')).toEqual({ names: new Set(['VOITEX_AUTH_KEY']), values: {}, secrets: { line: 8 } })
  })

  it('wrangler.toml: a file that is not TOML is said to be so, with where, and none of its text', async () => {
    expect(await wranglerSettings('[vars]\nTRIGGER_TOKEN = "s3cret\n')).toEqual({
      ok: false,
      error: expect.stringMatching(/^wrangler\.toml is not valid TOML \(line 2, column \d+\): /),
    })
    const reading = await wranglerSettings('[vars]\nTRIGGER_TOKEN = "s3cret\n')
    expect(JSON.stringify(reading)).not.toContain('s3cret')
  })

  it('serverless.yml: provider.environment, or a key every function sets', async () => {
    const yaml = [
      'provider:',
      '  name: aws',
      '  environment:',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: serverless.yml's own variable syntax
      "    TRIGGER_TOKEN: ${env:TRIGGER_TOKEN, ''}",
      '    TIME_ZONE: UTC',
      '    MAX_WAIT: 5',
      '    ARN: !GetAtt Table.Arn',
      'functions:',
      '  trigger:',
      '    environment: { SHARED: a, ONLY_HERE: b }',
      '  other:',
      '    environment: { SHARED: a }',
      'resources:',
      '  Resources:',
      '    Table: { Properties: { Arn: !GetAtt Table.Arn } }',
    ].join('\n')
    // Values written as they are reach the function as text; `${…}` and tags are resolved by the platform.
    expect(await serverlessSettings(yaml)).toEqual({
      names: new Set(['TRIGGER_TOKEN', 'TIME_ZONE', 'MAX_WAIT', 'ARN', 'SHARED']),
      functions: [
        {
          name: 'trigger',
          values: { TIME_ZONE: 'UTC', MAX_WAIT: '5', SHARED: 'a', ONLY_HERE: 'b' },
          own: new Set(['SHARED', 'ONLY_HERE']),
        },
        { name: 'other', values: { TIME_ZONE: 'UTC', MAX_WAIT: '5', SHARED: 'a' }, own: new Set(['SHARED']) },
      ],
      errors: [],
      unresolved: false,
      tokenDefault: false,
      environmentLine: 3,
    })
  })

  it("serverless.yml: each function gets what serverless deploys: merges, aliases, its own values over the provider's, no nulls", async () => {
    const yaml = [
      'custom:',
      '  defaults: &defaults { TIME_ZONE: Not/AZone, TRIGGER_ONCE_WHEN_DOWN: sometimes }',
      '  url: &url not a url',
      'provider:',
      '  environment:',
      '    <<: *defaults',
      '    VOITEX_API_URL: *url',
      '    EMPTY:',
      '    NOTHING: ~',
      '    TEXT: !!str 5',
      'functions:',
      '  trigger:',
      '    environment:',
      '      TIME_ZONE: Europe/Paris',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: serverless.yml's own variable syntax
      "      VOITEX_API_URL: ${env:VOITEX_API_URL, ''}",
    ].join('\n')
    const { names, functions, errors } = await serverlessSettings(yaml)
    expect(errors).toEqual([])
    // An empty (null) value is left out by serverless: it passes nothing.
    expect(names).toEqual(new Set(['VOITEX_API_URL', 'TEXT', 'TIME_ZONE', 'TRIGGER_ONCE_WHEN_DOWN']))
    expect(functions).toEqual([
      {
        name: 'trigger',
        values: { TEXT: '5', TIME_ZONE: 'Europe/Paris', TRIGGER_ONCE_WHEN_DOWN: 'sometimes' },
        own: new Set(['TIME_ZONE', 'VOITEX_API_URL']),
      },
    ])
  })

  it('serverless.yml: what serverless would refuse is said, with where: two documents, a key written twice', async () => {
    expect((await serverlessSettings('provider:\n  name: aws\n---\nother: 1\n')).errors).toEqual([
      expect.stringMatching(/^serverless\.yml is not valid YAML \(line 3, column 1\): /),
    ])
    expect(
      (await serverlessSettings('provider:\n  environment:\n    TIME_ZONE: UTC\n    TIME_ZONE: Europe/Paris\n')).errors,
    ).toEqual(['serverless.yml writes TIME_ZONE twice in provider.environment'])
  })

  it('serverless.yml: provider, functions and a function read through aliases and merges, as serverless reads them', async () => {
    const yaml = [
      'custom:',
      '  provider: &provider { name: aws, environment: { TIME_ZONE: UTC, EMPTY: } }',
      '  body: &body { handler: bundle/lambda.handler, environment: { TRIGGER_TOKEN: !!int 12345 } }',
      '  functions: &functions { trigger: { <<: *body } }',
      'provider: { <<: *provider }',
      'functions: *functions',
    ].join('\n')
    const reading = await serverlessSettings(yaml)
    // An empty (null) value is left out by serverless: it passes nothing.
    expect(reading.names).toEqual(new Set(['TIME_ZONE', 'TRIGGER_TOKEN']))
    expect(reading.functions).toEqual([
      { name: 'trigger', values: { TIME_ZONE: 'UTC', TRIGGER_TOKEN: '12345' }, own: new Set(['TRIGGER_TOKEN']) },
    ])
  })

  it('serverless.yml: a map named by aliases millions of times over is read once', async () => {
    // Seven levels of ten aliases each: read alias by alias, 10^7 maps.
    const lines = ['custom:', '  l0: &l0 { TIME_ZONE: UTC }']
    for (let level = 1; level < 8; level++)
      lines.push(
        `  l${level}: &l${level} { <<: [${Array(10)
          .fill(`*l${level - 1}`)
          .join(', ')}] }`,
      )
    lines.push('provider:', '  environment: { <<: *l7, TRIGGER_ONCE_WHEN_DOWN: at-most-once }')
    const reading = await serverlessSettings(lines.join('\n'))
    // Read map by map it is a few dozen keys, far under the bound that stops a file too involved to read.
    expect(reading.errors).toEqual([])
    expect(reading.names).toEqual(new Set(['TRIGGER_ONCE_WHEN_DOWN', 'TIME_ZONE']))
  })

  it('serverless.yml: a key written twice anywhere serverless reads is said; a quoted "<<" is a key', async () => {
    expect((await serverlessSettings('provider:\n  name: aws\nprovider:\n  name: aws\n')).errors).toEqual([
      'serverless.yml writes provider twice in the file',
    ])
    const quoted = await serverlessSettings('custom: { d: &d { A: x } }\nprovider:\n  environment: { "<<": *d }\n')
    expect(quoted.names).toEqual(new Set(['<<']))
    expect((await serverlessSettings('a: 1\n---\nb: 2\n')).errors).toEqual([
      'serverless.yml is not valid YAML (line 2, column 1): it holds more than one document',
    ])
  })

  it('serverless.yml: an environment written as one variable is known only at deploy, and a default token is seen', async () => {
    const reading = await serverlessSettings(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: serverless.yml's own variable syntax
      "provider:\n  environment: ${self:custom.environment}\nfunctions:\n  trigger:\n    environment:\n      TRIGGER_TOKEN: ${env:TRIGGER_TOKEN, 'dev-token'}\n",
    )
    expect(reading.unresolved).toBe(true)
    expect(reading.tokenDefault).toBe(true)
    // biome-ignore lint/suspicious/noTemplateCurlyInString: serverless.yml's own variable syntax
    const none = await serverlessSettings("provider:\n  environment:\n    TRIGGER_TOKEN: ${env:TRIGGER_TOKEN, ''}\n")
    expect([none.unresolved, none.tokenDefault]).toEqual([false, false])
  })
})

// A generated project (the templates as init writes them), linted after its deploy configs are edited.
mkdirSync('.tmp', { recursive: true })
const work = mkdtempSync(resolve('.tmp/lint-settings-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function project(edit: Record<string, (text: string) => string> = {}): string {
  const dir = mkdtempSync(join(work, 'project-'))
  cpSync('cli/templates', dir, { recursive: true })
  for (const [file, change] of Object.entries(edit))
    writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')))
  return dir
}

describe('voitex-trigger lint on a project whose app declares settings', { timeout: CLI_TIMEOUT_MS }, () => {
  it('passes the generated project: every declared setting is in wrangler.toml and serverless.yml', async () => {
    const { code, stdout } = await runCli(['lint'], { cwd: project() })
    expect(stdout).toMatch(/^0 error\(s\)/m)
    expect(stdout).toContain('note: vercel.json cannot pass settings: set each on Vercel with `vercel env add')
    expect(code).toBe(0)
  })

  it('fails when serverless.yml leaves a declared setting out, naming the line to add and where', async () => {
    const dir = project({ 'serverless.yml': (text) => text.replace(/^ {4}VOITEX_AUTH_KEY: .*\n/m, '') })
    const { code, stdout } = await runCli(['lint'], { cwd: dir })
    expect(stdout).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: serverless.yml's own variable syntax
      "error: serverless.yml does not pass VOITEX_AUTH_KEY to the function: add `VOITEX_AUTH_KEY: ${env:VOITEX_AUTH_KEY, ''}` under provider.environment (line 17)",
    )
    expect(code).toBe(1)
  })

  it('fails when wrangler.toml leaves a declared setting out, saying where it can go', async () => {
    const dir = project({ 'wrangler.toml': (text) => text.replace(/^VOITEX_API_URL = .*\n/m, '') })
    const { code, stdout } = await runCli(['lint'], { cwd: dir })
    expect(stdout).toMatch(
      /error: wrangler\.toml does not pass VOITEX_API_URL to the Worker: add "VOITEX_API_URL" to `required = \[\.\.\.\]` under \[secrets\] \(line \d+\) and run `npx wrangler secret put VOITEX_API_URL`, or add `VOITEX_API_URL = "…"` under \[vars\] \(line \d+\)/,
    )
    expect(code).toBe(1)
  })

  it("fails when an environment of wrangler.toml leaves a declared setting out, naming that environment's tables", async () => {
    const dir = project({
      'wrangler.toml': (text) =>
        `${text}\n[env.production]\nname = "line-production"\n\n[env.production.vars]\nTIME_ZONE = "America/New_York"\n`,
    })
    const { code, stdout } = await runCli(['lint'], { cwd: dir })
    expect(stdout).toMatch(
      /error: wrangler\.toml's \[env\.production\] does not pass VOITEX_API_URL to the Worker: add "VOITEX_API_URL" to `required = \[\.\.\.\]` under \[env\.production\.secrets\] and run `npx wrangler secret put VOITEX_API_URL --env production`, or add `VOITEX_API_URL = "…"` under \[env\.production\.vars\] \(line \d+\)/,
    )
    expect(stdout).not.toMatch(/wrangler\.toml does not pass/)
    expect(code).toBe(1)
  })

  it('says where to add a setting in the form the file already uses, and doing so passes', async () => {
    const dottedAndInline = (text: string) =>
      `env.production.vars.TIME_ZONE = "UTC"\n${text}\n[env.staging]\nvars = { TIME_ZONE = "UTC" }\n`
    const dir = project({ 'wrangler.toml': dottedAndInline })
    const { code, stdout } = await runCli(['lint'], { cwd: dir })
    // No `[env.production.vars]` header: the table exists already, and a header for it would be invalid TOML.
    expect(stdout).toContain(
      'error: wrangler.toml\'s [env.production] does not pass VOITEX_API_URL to the Worker: add "VOITEX_API_URL" to `required = [...]` under [env.production.secrets] and run `npx wrangler secret put VOITEX_API_URL --env production`, or add `env.production.vars.VOITEX_API_URL = "…"` beside line 1',
    )
    expect(stdout).toMatch(
      /error: wrangler\.toml's \[env\.staging\] does not pass VOITEX_API_URL to the Worker: .* or add `VOITEX_API_URL = "…"` inside `vars = \{ … \}` \(line \d+\)/,
    )
    expect(code).toBe(1)
    // Taken as said: the settings beside the dotted key and inside the inline table.
    const followed = project({
      'wrangler.toml': (text) =>
        dottedAndInline(text)
          .replace(
            'env.production.vars.TIME_ZONE = "UTC"',
            'env.production.vars.TIME_ZONE = "UTC"\nenv.production.vars.VOITEX_API_URL = ""\nenv.production.vars.VOITEX_AUTH_KEY = "x"',
          )
          .replace(
            'vars = { TIME_ZONE = "UTC" }',
            'vars = { TIME_ZONE = "UTC", VOITEX_API_URL = "", VOITEX_AUTH_KEY = "x" }',
          ),
    })
    const after = await runCli(['lint'], { cwd: followed })
    expect(after.stdout).toMatch(/^0 error\(s\)/m)
    expect(after.code).toBe(0)
  })

  it('fails when wrangler.toml writes a value the app refuses, as the hint\'s "…" taken literally, and passes a valid one', async () => {
    const literal = project({
      'wrangler.toml': (text) => text.replace(/^VOITEX_API_URL = .*$/m, 'VOITEX_API_URL = "…"'),
    })
    const { code, stdout } = await runCli(['lint'], { cwd: literal })
    expect(stdout).toMatch(
      /^error: wrangler\.toml's \[vars\] \(line \d+\): VOITEX_API_URL: expected a URL; deployed, the Worker would refuse every Trigger until it is fixed$/m,
    )
    expect(code).toBe(1)
    const valid = project({
      'wrangler.toml': (text) => text.replace(/^VOITEX_API_URL = .*$/m, 'VOITEX_API_URL = "https://api.example.com"'),
    })
    const after = await runCli(['lint'], { cwd: valid })
    expect(after.stdout).toMatch(/^0 error\(s\)/m)
    expect(after.code).toBe(0)
  })

  it('fails when serverless.yml writes an engine setting the function refuses, naming it and where', async () => {
    const dir = project({
      'serverless.yml': (text) => text.replace(/^ {4}TIME_ZONE: .*$/m, '    TIME_ZONE: Mars/Olympus'),
    })
    const { code, stdout } = await runCli(['lint'], { cwd: dir })
    expect(stdout).toMatch(
      /^error: serverless\.yml's provider\.environment \(line \d+\): TIME_ZONE: "Mars\/Olympus" is not a known IANA time zone \(e\.g\. America\/New_York\); deployed, the function would refuse every Trigger until it is fixed$/m,
    )
    expect(code).toBe(1)
  })

  it("says a refused value where serverless deploys it from: a function's own environment over the provider's", async () => {
    const dir = project({
      'serverless.yml': (text) =>
        text
          .replace(/^ {4}TIME_ZONE: .*$/m, '    TIME_ZONE: Not/AZone')
          .replace(
            '    handler: bundle/lambda.handler',
            '    handler: bundle/lambda.handler\n    environment:\n      TIME_ZONE: Europe/Paris\n      TRIGGER_ONCE_WHEN_DOWN: sometimes',
          ),
    })
    const { code, stdout } = await runCli(['lint'], { cwd: dir })
    expect(stdout).toContain(
      'error: serverless.yml\'s functions.trigger.environment: TRIGGER_ONCE_WHEN_DOWN is "sometimes": use at-most-once or at-least-once; deployed, the function would refuse every Trigger until it is fixed',
    )
    // The provider's zone is not the one deployed: the function's own wins.
    expect(stdout).not.toContain('Not/AZone')
    expect(code).toBe(1)
  })

  it('prints what a config holds with its control characters shown, not acted on', async () => {
    const dir = project({
      'wrangler.toml': (text) => text.replace(/^TIME_ZONE = .*$/m, 'TIME_ZONE = "\\u001b[2J\\nerror: fake\\r"'),
    })
    const { code, stdout } = await runCli(['lint'], { cwd: dir })
    expect(stdout).toContain('TIME_ZONE: "\\u{1b}[2J\\u{a}error: fake\\u{d}" is not a known IANA time zone')
    expect([...stdout].filter((char) => char !== '\n' && char.charCodeAt(0) < 0x20)).toEqual([])
    expect(stdout.split('\n').filter((line) => line.startsWith('error: fake'))).toEqual([])
    expect(code).toBe(1)
  })

  it("names an environment's vars table once, as wrangler.toml writes it", async () => {
    const dir = project({
      'wrangler.toml': (text) =>
        `${text}\n[env.production]\nname = "line-production"\n\n[env.production.vars]\nTIME_ZONE = "Mars/Olympus"\nVOITEX_API_URL = ""\n`,
    })
    const { stdout } = await runCli(['lint'], { cwd: dir })
    expect(stdout).toMatch(
      /^error: wrangler\.toml's \[env\.production\.vars\] \(line \d+\): TIME_ZONE: "Mars\/Olympus" is not a known IANA time zone/m,
    )
  })

  it('warns of a Trigger token written in a deploy config, never saying it, and of an engine setting it would ignore', async () => {
    const dir = project({
      'wrangler.toml': (text) => text.replace(/^TIME_ZONE = .*$/m, 'TIME_ZONE = 5\nTRIGGER_TOKEN = "tok_7f3a"'),
      'serverless.yml': (text) => text.replace(/^ {4}TRIGGER_TOKEN: .*$/m, '    TRIGGER_TOKEN: tok_9b1c'),
    })
    const { code, stdout } = await runCli(['lint'], { cwd: dir })
    expect(stdout).toMatch(
      /^warning: wrangler\.toml's \[vars\] \(line \d+\): TIME_ZONE is not text, so it is ignored and its default used: write it in quotes$/m,
    )
    expect(stdout).toMatch(
      /^warning: wrangler\.toml's \[vars\] \(line \d+\): TRIGGER_TOKEN is written in the file, so it is committed with it: add "TRIGGER_TOKEN" to `required = \[\.\.\.\]` under \[secrets\] \(line \d+\) and run `npx wrangler secret put TRIGGER_TOKEN`$/m,
    )
    expect(stdout).toMatch(
      /^warning: serverless\.yml's provider\.environment \(line \d+\): TRIGGER_TOKEN is written in the file, so it is committed with it: pass it from the environment at deploy/m,
    )
    expect(stdout).not.toMatch(/tok_7f3a|tok_9b1c/)
    expect(stdout).toMatch(/^0 error\(s\), 3 warning\(s\)/m)
    expect(code).toBe(0)
  })

  it('refuses a wrangler.toml that is not a regular file in one line, before reading it', async () => {
    const dir = project()
    rmSync(join(dir, 'wrangler.toml'))
    symlinkSync('/dev/zero', join(dir, 'wrangler.toml'))
    const { code, stderr } = await runCli(['lint'], { cwd: dir })
    expect(stderr.trim()).toBe(`voitex-trigger: ${join(dir, 'wrangler.toml')}: not a regular file`)
    expect(code).toBe(2)
  })

  it('fails when a setting is added to the app and to no deploy config', async () => {
    const dir = project({
      'src/app.ts': (text) =>
        text.replace(
          'export const Settings = z.object({',
          'export const Settings = z.object({\n  CLINIC_NAME: z.string(),',
        ),
    })
    const { code, stdout } = await runCli(['lint'], { cwd: dir })
    expect(stdout).toContain('error: wrangler.toml does not pass CLINIC_NAME to the Worker')
    expect(stdout).toContain('error: serverless.yml does not pass CLINIC_NAME to the function')
    // Its scenarios cannot run in-process without a value: said, and the deploy configs are still checked.
    expect(stdout).toContain(
      "error: scenarios not checked: your app refuses to run in-process: the app's settings are not valid: CLINIC_NAME is not set.",
    )
    expect(code).toBe(1)
  })
})

/** The generated project with a required setting its flow reads, declared in src/app.ts. */
const withClinicName = (config: (text: string) => string = (text) => text) =>
  project({
    'src/app.ts': (text) =>
      text.replace(
        'export const Settings = z.object({',
        'export const Settings = z.object({\n  CLINIC_NAME: z.string(),',
      ),
    'voitex-trigger.config.json': config,
  })

describe('in-process runs of an app with a required setting', { timeout: CLI_TIMEOUT_MS }, () => {
  it('scenarios refuse in one line, naming the setting and where to give it, even with it in the environment', async () => {
    const { code, stderr } = await runCli(['scenarios'], {
      cwd: withClinicName(),
      env: { CLINIC_NAME: 'From the environment' },
    })
    expect(stderr.trim()).toBe(
      'voitex-trigger: your app refuses to run in-process: the app\'s settings are not valid: CLINIC_NAME is not set. In-process runs get only the "settings" of voitex-trigger.config.json (never your environment\'s): give it a value there',
    )
    expect(code).toBe(2)
  })

  it('scenarios and lint run with the value given in "settings" of voitex-trigger.config.json', async () => {
    const dir = withClinicName((text) =>
      text.replace(/\n}\s*$/, ',\n  "settings": { "CLINIC_NAME": "Test Clinic" }\n}\n'),
    )
    const scenarios = await runCli(['scenarios'], { cwd: dir })
    expect(scenarios.stdout).toMatch(/\d+ passed, 0 failed/)
    expect(scenarios.code).toBe(0)
    const lint = await runCli(['lint'], { cwd: dir })
    expect(lint.stdout).not.toContain('scenarios not checked')
    expect(lint.stdout).toMatch(/answers checked/)
  })
})
