'use strict'
// Drives kdjs 1.0.9, unchanged, as a bot against statuskit's kAPI server over TLS.
// The Python test (tests/test_examples_kapi_kdjs.py) starts the server and reads one JSON line per
// step from stdout: {"step", "ok", ...}. It prints {"wait": "sigterm"} when it is ready for the
// server to be stopped with SIGTERM and started again on the same port.
//
// Environment: KAPI_PORT (the server), KETTU_TOKEN, BOT_TOKEN, USER_ID, GUILD_ID, and
// NODE_EXTRA_CA_CERTS (the server's self-signed certificate).

const net = require('net')
const https = require('https')
const Discord = require('@kettubot/kdjs')

const env = name => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set`)
  return value
}
const SERVER_PORT = Number(env('KAPI_PORT'))
const KETTU_TOKEN = env('KETTU_TOKEN')
const BOT_TOKEN = env('BOT_TOKEN')
const USER_ID = env('USER_ID')
const GUILD_ID = env('GUILD_ID')
const MODERATOR_ID = '281665697593950209'
const SHARD = Buffer.from('698038148055302174.0.1').toString('base64')

const say = line => process.stdout.write(JSON.stringify(line) + '\n')
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))
const failures = []
process.on('unhandledRejection', error => failures.push(`unhandled rejection: ${error && error.stack}`))
process.on('uncaughtException', error => failures.push(`uncaught exception: ${error && error.stack}`))

function check (condition, what) {
  if (!condition) throw new Error(`expected ${what}`)
}

const debugLog = []

async function step (name, body) {
  try {
    const details = (await body()) || {}
    if (failures.length) throw new Error(failures.splice(0).join('; '))
    say({ step: name, ok: true, ...details })
  } catch (error) {
    const error_ = String(error && (error.stack || error.message || error.code || error))
    say({ step: name, ok: false, error: error_, debug: debugLog.slice(-40) })
    process.exit(1)
  }
}

// An event of an emitter, or an error after `ms`.
function next (emitter, event, ms = 10000, accept = () => true) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.removeListener(event, listener)
      reject(new Error(`no ${event} within ${ms} ms`))
    }, ms)
    const listener = (...args) => {
      if (!accept(...args)) return
      clearTimeout(timer)
      emitter.removeListener(event, listener)
      resolve(args)
    }
    emitter.on(event, listener)
  })
}

// A TCP proxy between kdjs and the server, so that a test can drop every connection at once.
function startProxy () {
  const sockets = new Set()
  const server = net.createServer(client => {
    const upstream = net.connect(SERVER_PORT, '127.0.0.1')
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => {})
    }
    client.pipe(upstream).pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  return new Promise(resolve => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        drop () {
          const count = sockets.size
          for (const socket of sockets) socket.destroy()
          return count
        }
      })
    })
  })
}

// A kAPI request straight to the server (not through the proxy), as Kettu.
function direct (method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body)
    const request = https.request({
      host: '127.0.0.1',
      port: SERVER_PORT,
      method,
      path: `/v4${path}`,
      headers: { Authorization: `Bot ${KETTU_TOKEN}`, 'Content-Type': 'application/json' }
    }, response => {
      let text = ''
      response.on('data', chunk => { text += chunk })
      response.on('end', () => resolve({ status: response.statusCode, body: text ? JSON.parse(text) : null }))
    })
    request.on('error', reject)
    request.end(data)
  })
}

function kettuClient (api) {
  const client = new Discord.Client({ intents: [] })
  const kettu = client.kettu
  kettu.rest.endpoint = api // kdjs's own setter for the API base URL (default https://api.kettu.cc)
  const log = []
  kettu.on('debug', line => { log.push(line); debugLog.push(line) })
  return { client, kettu, log }
}

async function main () {
  const proxy = await startProxy()
  const api = `https://127.0.0.1:${proxy.port}`
  const { client, kettu, log } = kettuClient(api)

  await step('ready', async () => {
    const ready = next(kettu, 'ready')
    const result = await kettu.login(KETTU_TOKEN, SHARD)
    await ready
    check(result === true, 'login to resolve without a Discord token')
    check(kettu.ws.sessionId, 'a session id')
    check(kettu.defaultPrefix === 'k>', `the default prefix, not ${kettu.defaultPrefix}`)
    check(!kettu.discordToken, 'no token in READY')
    check(kettu.options.intents === 127, 'the default intents')
    check(kettu.shard === SHARD, `the shard identifier echoed, not ${kettu.shard}`)
    return { session: kettu.ws.sessionId, gateway: kettu.ws.gateway }
  })

  const me = await kettu.api.users('@me').get()
  client.user = new Discord.ClientUser(client, { id: me.id, username: 'Kettu', discriminator: '0001', bot: true })

  await step('users', async () => {
    const user = client.users._add({ id: USER_ID, username: 'fox', discriminator: '0001' })
    const profile = await user.kettu.fetch()
    check(profile.partial === false && profile.flags.bitfield === 0, 'a fetched user')
    const updated = next(kettu, 'userUpdate')
    await user.kettu.setProfile({ bio: 'hi!', color: '#00ffdd', pronouns: 1 })
    const [event] = await updated
    check(event.profile.bio === 'hi!', 'USER_UPDATE with the new profile')
    await user.kettu.setFlags(new Discord.KettuUserFlags(5))
    check(user.kettu.flags.bitfield === 5, 'the flags set')
    await user.kettu.setSettings({ voteRM: true, socialPrefs: new Discord.KettuUserSocialPrefs(4) })
    check(user.kettu.settings.voteRM === true && user.kettu.settings.socialPrefs.bitfield === 4, 'the settings set')
    let missing
    try {
      await kettu.api.users('1' + USER_ID).get()
    } catch (error) {
      missing = error
    }
    check(missing && missing.code === 10001 && missing.httpStatus === 404, 'unknown user: 10001')
    return { flags: user.kettu.flags.bitfield }
  })

  await step('store', async () => {
    check(JSON.stringify(await kettu.store.set('prefs', { a: 1 })) === '{"a":1}', 'set to return the data')
    check(JSON.stringify(await kettu.store.patch('prefs', { b: 2 })) === '{"a":1,"b":2}', 'patch to merge')
    const row = await kettu.store.fetch('prefs')
    check(row.data.a === 1 && row.data.b === 2, 'fetch to return the row')
    await kettu.store.destroy('prefs')
    check((await kettu.store.fetch('prefs')).data === null, 'destroy to remove the key')
  })

  await step('images', async () => {
    const image = await kettu.images.fetch('hug', 'RANDOM')
    check(typeof image.direct === 'string' && image.direct.startsWith('https://'), `a direct URL, not ${image.direct}`)
    const picture = await new Promise((resolve, reject) => {
      https.get(image.direct, response => {
        let size = 0
        response.on('data', chunk => { size += chunk.length })
        response.on('end', () => resolve({ status: response.statusCode, type: response.headers['content-type'], size }))
      }).on('error', reject)
    })
    check(picture.status === 200 && picture.type === 'image/svg+xml' && picture.size > 0, 'the picture')
    const all = await kettu.images.fetchAll('pat')
    check(all.length === 8 && all.every(i => i.direct), 'eight images with direct URLs')
    const again = await kettu.images.fetch('HUG', all[0].id)
    check(again.id === all[0].id, 'an image by id')
    // kdjs 1.0.9's IMAGE_* and GUILD_CASE_DELETE handlers require '../../../structures/...', which
    // does not resolve, so it drops them; every dispatch is still emitted raw as 'base<EventName>'.
    const created = next(kettu, 'baseImageCreate')
    const made = await kettu.images.create('hug', { direct: 'https://example.org/x.png' })
    await created
    const feedback = next(kettu, 'imageFeedbackUpdate')
    await made.addFeedback([USER_ID])
    const [change] = await feedback
    check(change.added.likes.includes(USER_ID), 'IMAGE_FEEDBACK_UPDATE with the like')
    let unknown
    try {
      await kettu.images.fetch('hug', 99999)
    } catch (error) {
      unknown = error
    }
    check(unknown && unknown.code === 10004 && unknown.httpStatus === 404, 'unknown image: 10004')
    return { direct: image.direct, created: made.id }
  })

  const guild = client.guilds._add({ id: GUILD_ID, name: 'Lair', channels: [], roles: [], members: [], emojis: [] })

  await step('guild', async () => {
    await guild.kettu.fetch()
    check(guild.kettu.partial === false && guild.kettu.config.prefix === 'k>', 'the guild and its config')
    const updated = next(kettu, 'guildUpdate')
    await guild.kettu.config.setPrefix('k!')
    await updated
    check(guild.kettu.config.prefix === 'k!', `the new prefix, not ${guild.kettu.config.prefix}`)
    return { nextCaseNumber: guild.kettu.nextCaseNumber }
  })

  await step('cases', async () => {
    const cases = guild.kettu.cases
    const reserved = await cases.reserve()
    check(typeof reserved.key === 'string' && Number.isInteger(reserved.id), 'a reservation')
    // kdjs emits guildCaseCreate only for a case it has not cached yet: the REST reply to its own
    // create usually comes first, so the raw dispatch is what shows that GUILD_CASE_CREATE came.
    const createdEvent = next(kettu, 'baseGuildCaseCreate')
    const mute = await cases.create('mute', { reason: 'spam', user: USER_ID, userDM: true, strikes: 2, time: 60000 }, MODERATOR_ID)
    await createdEvent
    check(mute.moderatorId === MODERATOR_ID && mute.userId === USER_ID && mute.strikes === 2, 'the mute case')
    const kept = await cases.create('kick', { reason: 'reserved', user: USER_ID, userDM: 'DMs closed' }, MODERATOR_ID, reserved.key)
    check(kept.id === reserved.id, 'the reserved number used')
    const fetched = await cases.fetch(mute.id, true, true)
    check(fetched.reason === 'spam', 'a case by id')
    const all = await cases.fetchAll()
    check(all.size === 2, `two cases, not ${all.size}`)
    const updatedEvent = next(kettu, 'guildCaseUpdate')
    await mute.edit({ reason: 'spam, again' })
    await updatedEvent
    check(mute.reason === 'spam, again', 'the edited case')
    const deletedEvent = next(kettu, 'baseGuildCaseDelete')
    await kept.delete()
    await deletedEvent
    check((await cases.fetchAll()).size === 1, 'one case left')
    return { ids: [mute.id, kept.id] }
  })

  await step('network drop resumes', async () => {
    const session = kettu.ws.sessionId
    const resumed = next(kettu.ws, 'resumed', 20000)
    const dropped = proxy.drop()
    check(dropped > 0, 'connections to drop')
    await sleep(100)
    const patched = await direct('PATCH', `/users/${USER_ID}`, { profile: { bio: 'while away' } })
    check(patched.status === 200, `the change made while away: ${patched.status}`)
    const replayed = next(kettu, 'userUpdate', 20000, user => user.profile.bio === 'while away')
    await resumed
    await replayed
    check(kettu.ws.sessionId === session, 'the same session')
    const line = log.find(l => l.includes('[RESUMED]'))
    return { session, replayed: line }
  })

  await step('sigterm gives 4010 and a fresh identify', async () => {
    const session = kettu.ws.sessionId
    const closed = next(kettu.ws, 'close', 30000)
    const ready = next(kettu.ws, 'ready', 40000)
    say({ wait: 'sigterm' })
    const [event] = await closed
    check(event.code === 4010, `close code 4010, not ${event.code}`)
    await ready
    check(kettu.ws.sessionId && kettu.ws.sessionId !== session, 'a new session')
    return { code: event.code, reason: event.reason }
  })

  await step('bot with default intents gets 4014 and stops', async () => {
    const bot = kettuClient(api)
    const disconnected = next(bot.kettu, 'disconnected')
    let refused
    try {
      await bot.kettu.login(BOT_TOKEN)
    } catch (error) {
      refused = error
    }
    check(refused && refused.code === 4014, `login refused with 4014, not ${refused && (refused.code || refused.stack || refused)}`)
    const [event] = await disconnected
    check(event.code === 4014, 'disconnected with 4014')
    await sleep(2500)
    const connects = bot.log.filter(line => line.includes('[CONNECT KETTU]')).length
    check(connects === 1, `no reconnect after 4014 (${connects} connects)`)
    return { reason: event.reason }
  })

  say({ done: true })
  process.exit(0)
}

main().catch(error => {
  say({ step: 'main', ok: false, error: String(error && error.stack) })
  process.exit(1)
})
