// login-service — an Express service the way most are: a browser login that
// keeps a session cookie (express-session) and an API that takes a bearer
// token (jsonwebtoken). Every data endpoint needs one or the other: without
// them they answer 401, so a load test has to log in first.
//
// With LEAK=1, GET /api/activity keeps an audit record of every call in a
// per-user list that nothing trims (~150 B per request): the leak sits
// behind the token, where an unauthenticated load test never reaches it.
// Items are created, read and deleted (POST, GET, DELETE /api/items/:id);
// with ITEMS_LEAK=1 every delete leaves a tombstone (~200 B) in a list.
'use strict';
const express = require('express');
const session = require('express-session');
const jwt = require('jsonwebtoken');

const SECRET = process.env.TOKEN_SECRET || 'dev-secret-change-me';
const USERS = { ada: { password: 'lovelace', name: 'Ada Lovelace', orders: [101, 102, 103] } };
const audit = new Map(); // user -> [{ at, path, ua }]
const items = new Map(); // id -> { id, owner, name, created }
const deleted = []; // ITEMS_LEAK=1: a tombstone per deleted item, never trimmed
let nextItem = 1;

const app = express();
app.use(express.json());
app.use(express.urlencoded({ extended: false }));
app.use(session({
  name: 'sid',
  secret: SECRET,
  resave: false,
  saveUninitialized: false,
  cookie: { httpOnly: true, sameSite: 'lax' },
}));

app.get('/health', (req, res) => res.json({ status: 'ok' }));

function checkPassword(body) {
  const u = body && USERS[body.user];
  return u && u.password === body.password ? body.user : null;
}

// the browser login: a session cookie, then a redirect like a form post
app.post('/login', (req, res) => {
  const user = checkPassword(req.body);
  if (!user) return res.status(401).json({ error: 'bad user or password' });
  req.session.regenerate((err) => {
    if (err) return res.status(500).end();
    req.session.user = user;
    res.redirect(303, '/account');
  });
});

// the API login: a signed token
app.post('/api/token', (req, res) => {
  const user = checkPassword(req.body);
  if (!user) return res.status(401).json({ error: 'bad user or password' });
  res.json({ token: jwt.sign({ sub: user }, SECRET, { expiresIn: '1h' }), expires_in: 3600 });
});

function sessionUser(req, res, next) {
  if (!req.session.user) return res.status(401).json({ error: 'log in first' });
  next();
}

function bearerUser(req, res, next) {
  const m = /^Bearer (.+)$/.exec(req.get('authorization') || '');
  if (!m) return res.status(401).json({ error: 'missing bearer token' });
  try {
    req.user = jwt.verify(m[1], SECRET).sub;
  } catch (e) {
    return res.status(401).json({ error: 'bad token: ' + e.message });
  }
  next();
}

app.get('/account', sessionUser, (req, res) => {
  const u = USERS[req.session.user];
  res.json({ user: req.session.user, name: u.name, orders: u.orders.length });
});

app.get('/api/orders', bearerUser, (req, res) => {
  res.json({ orders: USERS[req.user].orders.map((id) => ({ id, status: 'shipped' })) });
});

app.get('/api/activity', bearerUser, (req, res) => {
  if (process.env.LEAK === '1') {
    let list = audit.get(req.user);
    if (!list) audit.set(req.user, (list = []));
    list.push({ at: Date.now(), method: req.method, path: req.originalUrl, ip: req.ip, ua: req.get('user-agent') || '' });
  }
  res.json({ user: req.user, recent: (audit.get(req.user) || []).length });
});

// items: a create → read → delete cycle (a flow in leakcheck's terms)
app.post('/api/items', bearerUser, (req, res) => {
  const item = { id: 'it-' + nextItem++, owner: req.user, name: String((req.body && req.body.name) || ''), created: Date.now() };
  items.set(item.id, item);
  res.status(201).json(item);
});

app.get('/api/items/:id', bearerUser, (req, res) => {
  const item = items.get(req.params.id);
  if (!item || item.owner !== req.user) return res.status(404).json({ error: 'no such item' });
  res.json(item);
});

app.delete('/api/items/:id', bearerUser, (req, res) => {
  const item = items.get(req.params.id);
  if (!item || item.owner !== req.user) return res.status(404).json({ error: 'no such item' });
  items.delete(item.id);
  if (process.env.ITEMS_LEAK === '1') deleted.push({ id: item.id, by: req.user, at: Date.now(), name: item.name });
  res.status(204).end();
});

const server = app.listen(Number(process.env.PORT || 3000), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
