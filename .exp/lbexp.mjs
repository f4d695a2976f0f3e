import mysql from 'mysql2/promise';
const c = await mysql.createConnection(process.argv[2]);
const md5 = process.argv[3];
async function t(name, q, p=[]) { const s=performance.now(); let r; for (let i=0;i<3;i++) r = (await c.query(q,p))[0]; console.log(name, ((performance.now()-s)/3).toFixed(1),'ms', JSON.stringify(r).slice(0,100)); }
await t('count distinct join', `SELECT COUNT(DISTINCT s.userid) n FROM scores s JOIN users u ON u.id=s.userid WHERE s.beatmap_md5=? AND s.play_mode=0 AND s.completed=3 AND ((u.privileges&1)<>0 OR u.id=1)`, [md5]);
await t('count distinct nojoin', `SELECT COUNT(DISTINCT s.userid) n FROM scores s WHERE s.beatmap_md5=? AND s.play_mode=0 AND s.completed=3`, [md5]);
await t('count star nojoin', `SELECT COUNT(*) n FROM scores s WHERE s.beatmap_md5=? AND s.play_mode=0 AND s.completed=3`, [md5]);
await t('top', `SELECT s.id, s.userid, u.username, c.tag, s.score FROM scores s JOIN users u ON u.id=s.userid LEFT JOIN clans c ON c.id=u.clan_id WHERE s.beatmap_md5=? AND s.play_mode=0 AND s.completed=3 AND ((u.privileges&1)<>0 OR u.id=1) ORDER BY s.score DESC, s.time ASC, s.id ASC LIMIT 116`, [md5]);
await t('top nojoin', `SELECT s.id, s.userid, s.score FROM scores s WHERE s.beatmap_md5=? AND s.play_mode=0 AND s.completed=3 ORDER BY s.score DESC, s.time ASC, s.id ASC LIMIT 116`, [md5]);
await t('rank', `SELECT COUNT(DISTINCT s.userid) n FROM scores me, scores s JOIN users u ON u.id=s.userid WHERE me.id=(SELECT id FROM scores WHERE userid=1 AND beatmap_md5=? AND completed=3 LIMIT 1) AND s.beatmap_md5=? AND s.play_mode=0 AND s.completed=3 AND ((u.privileges&1)<>0 OR u.id=1) AND s.userid<>1 AND (s.score>me.score OR (s.score=me.score AND s.time<me.time))`, [md5, md5]);
console.log((await c.query(`EXPLAIN SELECT s.id, s.userid, u.username, c.tag, s.score FROM scores s JOIN users u ON u.id=s.userid LEFT JOIN clans c ON c.id=u.clan_id WHERE s.beatmap_md5=? AND s.play_mode=0 AND s.completed=3 AND ((u.privileges&1)<>0 OR u.id=1) ORDER BY s.score DESC, s.time ASC, s.id ASC LIMIT 116`, [md5]))[0]);
await c.end();
