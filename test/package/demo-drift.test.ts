import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  PLATFORM_PARTS,
  PLATFORMS,
  projectInstallScripts,
  projectScripts,
  readTemplates,
  renderProject,
} from '../../cli/project-template.ts'

// The demo is a generated project: its platform entries, configs and scripts are what `voitex-trigger init` writes
// (the demo's own flow, app, map, scenarios and callers aside). A template changed alone, or a demo file changed
// alone, fails here: change both.
const DEMO = { name: 'voitex-trigger', dir: 'demo', callers: 'demo/callers.json', platforms: PLATFORMS }
const rendered = renderProject(await readTemplates(new URL('../../cli/templates/', import.meta.url)), DEMO)
const platformFiles = PLATFORMS.flatMap((platform) =>
  PLATFORM_PARTS[platform].files.map((file) => file.replace(/^src\//, `${DEMO.dir}/`)),
)

/**
 * This repository runs its CLI from source: `voitex-trigger X` is `node --import tsx cli/main.ts X` here, `exec`ed
 * when it is the whole script (so a signal to npm reaches it).
 */
function inRepository(script: string): string {
  const here = script.replaceAll('voitex-trigger ', 'node --import tsx cli/main.ts ').replace(/\bsrc\//g, 'demo/')
  return script.startsWith('voitex-trigger ') && !script.includes('&&') ? `exec ${here}` : here
}

describe('the demo, as init renders it', () => {
  it.each(platformFiles)('%s is what init writes for the demo', (file) => {
    expect(readFileSync(file, 'utf8')).toBe(rendered.get(file))
  })

  it("has every platform script a generated project has (its test script aside), as the project's", () => {
    const own = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts
    const { test: _projectTest, ...scripts } = projectScripts(PLATFORMS)
    const expected = Object.fromEntries(Object.entries(scripts).map(([name, script]) => [name, inRepository(script)]))
    expect(Object.fromEntries(Object.keys(expected).map((name) => [name, own[name]]))).toEqual(expected)
  })

  it("reviews the install scripts a project on every platform installs, as the project's allowScripts does", () => {
    const own = (JSON.parse(readFileSync('package.json', 'utf8')) as { allowScripts: Record<string, boolean> })
      .allowScripts
    expect(own).toMatchObject(projectInstallScripts(PLATFORMS))
  })
})
