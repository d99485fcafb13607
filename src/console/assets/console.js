// The operator console's only script, served by the admin listener. The pages read without it;
// it adds live updates, the replay controls and the tail's stream. Data from the bridge is put on
// the page as text (textContent), never as markup, except the server-rendered live region, whose
// every value the server escaped.
/* global document, window, fetch, URL, EventSource, sessionStorage */
'use strict'

document.documentElement.classList.add('js')

const TOKEN_KEY = 'switchboard.adminToken'

/** Re-fetches the live region as a fragment (`?partial=1`) every `data-refresh` ms. */
function liveRegion() {
  const region = document.getElementById('live-region')
  const every = Number(region?.dataset.refresh ?? 0)
  if (!region || !(every > 0)) return
  const toggle = document.getElementById('live')
  let busy = false
  window.setInterval(async () => {
    if (busy || (toggle && !toggle.checked) || document.hidden) return
    busy = true
    try {
      const url = new URL(window.location.href)
      url.searchParams.set('partial', '1')
      const res = await fetch(url, { headers: { accept: 'text/html' } })
      if (res.ok) region.innerHTML = await res.text()
    } catch {
      // The next tick tries again; the page keeps what it shows.
    } finally {
      busy = false
    }
  }, every)
}

/** A table cell holding `text` as text. */
function cell(text) {
  const td = document.createElement('td')
  td.textContent = text === undefined || text === null ? '–' : String(text)
  return td
}

/** What a replay result says besides its outcome. */
function describe(result) {
  if (result.ids) return result.ids.join(', ')
  if (result.detail) return `${result.reason}: ${result.detail}`
  return result.reason ?? ''
}

const SKIPPED = new Set(['signature-invalid', 'still-unmappable', 'unknown-vendor', 'not-found'])

/** The results of one replay request as a table. */
function resultsTable(run) {
  const table = document.createElement('table')
  table.className = 'replay-results'
  const head = table.createTHead().insertRow()
  for (const title of ['position', 'vendor', 'event id', 'outcome', 'events or reason']) {
    const th = document.createElement('th')
    th.textContent = title
    head.append(th)
  }
  const body = table.createTBody()
  for (const result of run.results) {
    const row = body.insertRow()
    const outcome = cell(result.outcome)
    outcome.className = SKIPPED.has(result.outcome) ? 'result-skipped' : 'result-ok'
    row.append(
      cell(result.position),
      cell(result.vendor),
      cell(result.eventId),
      outcome,
      cell(describe(result))
    )
  }
  return table
}

/** The replay panel: dry run first, then the replay of exactly that selection. */
function replayPanel() {
  const panel = document.getElementById('replay')
  if (!panel || panel.dataset.enabled !== 'true') return
  const token = panel.querySelector('input[name=token]')
  const dryRunButton = panel.querySelector('[data-action=dry-run]')
  const replayButton = panel.querySelector('[data-action=replay]')
  const status = panel.querySelector('.replay-status')
  const results = document.getElementById('replay-results')
  token.value = sessionStorage.getItem(TOKEN_KEY) ?? ''
  let dryRunOf

  const selection = () =>
    panel.dataset.position
      ? [panel.dataset.position]
      : [...document.querySelectorAll('input[name=position]:checked')].map((box) => box.value)
  const sync = () => {
    replayButton.disabled = dryRunOf === undefined || dryRunOf !== selection().join(',')
  }
  document.addEventListener('change', (event) => {
    if (event.target.id === 'select-all') {
      for (const box of document.querySelectorAll('input[name=position]'))
        box.checked = event.target.checked
    }
    sync()
  })

  async function send(dryRun) {
    const positions = selection()
    if (positions.length === 0) {
      status.textContent = 'Select at least one dead letter.'
      return
    }
    sessionStorage.setItem(TOKEN_KEY, token.value)
    status.textContent = dryRun ? 'Dry run…' : 'Replaying…'
    dryRunButton.disabled = replayButton.disabled = true
    try {
      const res = await fetch('/api/dead-letters/replay', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token.value}` },
        body: JSON.stringify({ positions, dryRun }),
      })
      const answer = await res.json()
      if (!res.ok) {
        status.textContent = `Refused (${res.status}): ${answer.error?.message ?? 'error'}`
        dryRunOf = undefined
        return
      }
      const { summary } = answer
      status.textContent = `${dryRun ? 'Dry run' : 'Replay'}: ${summary.selected} selected, ${summary.events} event(s) ${dryRun ? 'would be published' : 'published'}, ${summary.skipped} skipped.`
      results.replaceChildren(resultsTable(answer))
      dryRunOf = dryRun ? positions.join(',') : undefined
    } catch (error) {
      status.textContent = `Failed: ${error.message}`
    } finally {
      dryRunButton.disabled = false
      sync()
    }
  }
  dryRunButton.addEventListener('click', () => void send(true))
  replayButton.addEventListener('click', () => void send(false))
}

/** The live tail: a stream of events from `/api/tail`, pausable; at most 500 rows kept. */
function liveTail() {
  const tail = document.getElementById('tail')
  if (!tail) return
  const rows = tail.querySelector('tbody')
  const state = tail.querySelector('.tail-state')
  const pending = tail.querySelector('.tail-pending')
  const pauseButton = tail.querySelector('[data-action=pause]')
  let paused = false
  const held = []
  const show = (event) => {
    const row = document.createElement('tr')
    row.append(
      cell(event.time),
      cell(event.type),
      cell(event.subject),
      cell(event.vendor),
      cell(event.tenant),
      cell(event.id)
    )
    row.cells[0].className = 'time'
    rows.prepend(row)
    while (rows.rows.length > 500) rows.deleteRow(-1)
  }
  const source = new EventSource('/api/tail')
  source.addEventListener('state', (message) => {
    state.textContent = JSON.parse(message.data).state
  })
  source.addEventListener('event', (message) => {
    const event = JSON.parse(message.data)
    if (!paused) return show(event)
    held.push(event)
    pending.textContent = `${held.length} new while paused`
  })
  source.addEventListener('error', () => {
    state.textContent = 'reconnecting'
  })
  pauseButton.addEventListener('click', () => {
    paused = !paused
    pauseButton.textContent = paused ? 'Resume' : 'Pause'
    if (!paused) {
      for (const event of held.splice(0)) show(event)
      pending.textContent = ''
    }
  })
}

liveRegion()
replayPanel()
liveTail()
