-- Demo catalog. The flagship "midnight-contract" is what tests and demos rely on: 12 episodes, 1-3 free,
-- the rest 60 coins, series bundle 450 coins, text in 12 languages.

insert into series (id, original_language, genres, age_rating, regions, cover_url, free_episodes,
                    episode_price_coins, bundle_price_coins, published)
values
    ('midnight-contract', 'en', '{romance,billionaire,drama}', '13+', '{US,GB,ES,MX,BR,FR,DE,ID,TH,VN,JP,KR,TW,SA}',
     'https://cdn.microdrama.example/covers/midnight-contract.jpg', 3, 60, 450, true),
    ('el-heredero-oculto', 'es', '{revenge,family,drama}', '13+', '{ES,MX,AR,CO,US}',
     'https://cdn.microdrama.example/covers/el-heredero-oculto.jpg', 5, 80, 900, true),
    ('moonlit-alpha', 'en', '{werewolf,fantasy,romance}', '16+', '{US,GB,PH,ID,FR}',
     'https://cdn.microdrama.example/covers/moonlit-alpha.jpg', 5, 100, 1500, true),
    ('segunda-chance', 'pt', '{family,drama,comedy}', '13+', '{BR,PT,US}',
     'https://cdn.microdrama.example/covers/segunda-chance.jpg', 3, 60, 400, true),
    ('tokyo-twin-swap', 'ja', '{comedy,romance}', '13+', '{JP,KR,TW,US}',
     'https://cdn.microdrama.example/covers/tokyo-twin-swap.jpg', 5, 120, 1200, true),
    -- not published yet: must stay invisible to the browse and playback APIs
    ('the-last-heist', 'en', '{thriller,crime}', '16+', '{US}',
     'https://cdn.microdrama.example/covers/the-last-heist.jpg', 3, 90, 800, false);

insert into series_translation (series_id, language, title, synopsis)
values
    ('midnight-contract', 'en', 'Midnight Contract', 'A broke violinist signs a one-year marriage contract with a cold billionaire at midnight. Neither of them planned to fall in love.'),
    ('midnight-contract', 'es', 'Contrato de medianoche', 'Una violinista sin dinero firma a medianoche un contrato de matrimonio de un año con un frío multimillonario. Ninguno de los dos planeaba enamorarse.'),
    ('midnight-contract', 'pt', 'Contrato da meia-noite', 'Uma violinista falida assina à meia-noite um contrato de casamento de um ano com um bilionário frio. Nenhum dos dois planejava se apaixonar.'),
    ('midnight-contract', 'fr', 'Contrat de minuit', 'Une violoniste fauchée signe à minuit un contrat de mariage d''un an avec un milliardaire glacial. Aucun des deux n''avait prévu de tomber amoureux.'),
    ('midnight-contract', 'de', 'Mitternachtsvertrag', 'Eine mittellose Geigerin unterschreibt um Mitternacht einen Ehevertrag für ein Jahr mit einem kühlen Milliardär. Keiner von beiden wollte sich verlieben.'),
    ('midnight-contract', 'id', 'Kontrak Tengah Malam', 'Seorang pemain biola yang bangkrut menandatangani kontrak pernikahan satu tahun dengan miliarder dingin tepat tengah malam. Tak satu pun berencana jatuh cinta.'),
    ('midnight-contract', 'th', 'สัญญาเที่ยงคืน', 'นักไวโอลินสาวผู้หมดตัวเซ็นสัญญาแต่งงานหนึ่งปีกับมหาเศรษฐีเย็นชาตอนเที่ยงคืน ไม่มีใครตั้งใจจะตกหลุมรัก'),
    ('midnight-contract', 'vi', 'Hợp đồng nửa đêm', 'Một nghệ sĩ violin túng quẫn ký hợp đồng hôn nhân một năm với vị tỷ phú lạnh lùng lúc nửa đêm. Không ai trong hai người định yêu nhau.'),
    ('midnight-contract', 'ja', '真夜中の契約', 'お金に困ったバイオリニストが、真夜中に冷たい億万長者と一年間の契約結婚を結ぶ。二人とも恋に落ちるつもりはなかった。'),
    ('midnight-contract', 'ko', '자정의 계약', '가난한 바이올리니스트가 자정에 냉정한 억만장자와 1년 계약 결혼을 맺는다. 둘 다 사랑에 빠질 생각은 없었다.'),
    ('midnight-contract', 'zh', '午夜契约', '一位穷困的小提琴手在午夜与冷酷的亿万富翁签下一年的婚约。两人都没打算坠入爱河。'),
    ('midnight-contract', 'ar', 'عقد منتصف الليل', 'عازفة كمان مفلسة توقّع عند منتصف الليل عقد زواج لمدة عام مع ملياردير بارد. لم يخطط أيّ منهما للوقوع في الحب.'),

    ('el-heredero-oculto', 'es', 'El heredero oculto', 'Un repartidor humillado descubre que es el único heredero de la familia más poderosa de la ciudad.'),
    ('el-heredero-oculto', 'en', 'The Hidden Heir', 'A humiliated delivery driver learns he is the only heir of the most powerful family in the city.'),
    ('el-heredero-oculto', 'pt', 'O herdeiro oculto', 'Um entregador humilhado descobre que é o único herdeiro da família mais poderosa da cidade.'),

    ('moonlit-alpha', 'en', 'Moonlit Alpha', 'Rejected by her pack on her eighteenth birthday, Lia is claimed by the most feared alpha of the north.'),
    ('moonlit-alpha', 'es', 'Alfa a la luz de la luna', 'Rechazada por su manada en su cumpleaños dieciocho, Lía es reclamada por el alfa más temido del norte.'),
    ('moonlit-alpha', 'fr', 'L''Alpha au clair de lune', 'Rejetée par sa meute le jour de ses dix-huit ans, Lia est revendiquée par l''alpha le plus redouté du nord.'),
    ('moonlit-alpha', 'id', 'Alfa Cahaya Bulan', 'Ditolak kawanannya pada ulang tahun kedelapan belas, Lia diklaim oleh alfa paling ditakuti di utara.'),

    ('segunda-chance', 'pt', 'Segunda chance', 'Depois de vinte anos, uma mãe volta para a família que a esqueceu e descobre um segredo que muda tudo.'),
    ('segunda-chance', 'en', 'Second Chance', 'After twenty years a mother returns to the family that forgot her and uncovers a secret that changes everything.'),
    ('segunda-chance', 'es', 'Segunda oportunidad', 'Después de veinte años, una madre vuelve con la familia que la olvidó y descubre un secreto que lo cambia todo.'),

    ('tokyo-twin-swap', 'ja', '東京ツイン・スワップ', '双子の姉妹が一週間だけ入れ替わる。CEOの姉とカフェ店員の妹、それぞれの恋が動き出す。'),
    ('tokyo-twin-swap', 'en', 'Tokyo Twin Swap', 'Twin sisters swap lives for one week: the CEO and the café clerk each stumble into the other''s romance.'),
    ('tokyo-twin-swap', 'ko', '도쿄 트윈 스왑', '쌍둥이 자매가 일주일 동안 삶을 바꾼다. CEO 언니와 카페 점원 동생에게 각자의 사랑이 찾아온다.'),
    ('tokyo-twin-swap', 'zh', '东京双子交换', '双胞胎姐妹互换人生一周：总裁姐姐和咖啡店员妹妹各自卷入对方的恋情。'),

    ('the-last-heist', 'en', 'The Last Heist', 'Five strangers, one casino, one night.');

-- Episodes: ids <series>-ep-NN; the first free_episodes of each series are free; price_coins stays null (series
-- default) except a few premium finales that override it.
with counts (series_id, episode_count) as (
    values ('midnight-contract', 12), ('el-heredero-oculto', 16), ('moonlit-alpha', 20),
           ('segunda-chance', 10), ('tokyo-twin-swap', 14), ('the-last-heist', 10)
)
insert into episode (id, series_id, number, duration_seconds, video_asset, free, price_coins, published)
select c.series_id || '-ep-' || lpad(n::text, 2, '0'),
       c.series_id,
       n,
       70 + (n * 37) % 60,
       c.series_id || '/ep-' || lpad(n::text, 2, '0') || '.m3u8',
       n <= s.free_episodes,
       null,
       s.published
from counts c
join series s on s.id = c.series_id
cross join lateral generate_series(1, c.episode_count) as n;

-- premium finales priced above the series default
update episode set price_coins = 120 where id in ('moonlit-alpha-ep-20', 'el-heredero-oculto-ep-16');

-- Episode titles: "Episode N" in every language the series has text in.
with words (language, pattern) as (
    values ('en', 'Episode %s'), ('es', 'Episodio %s'), ('pt', 'Episódio %s'), ('fr', 'Épisode %s'),
           ('de', 'Folge %s'), ('id', 'Episode %s'), ('th', 'ตอนที่ %s'), ('vi', 'Tập %s'), ('ja', '第%s話'),
           ('ko', '%s화'), ('zh', '第%s集'), ('ar', 'الحلقة %s')
)
insert into episode_translation (episode_id, language, title)
select e.id, t.language, format(w.pattern, e.number)
from episode e
join series_translation t on t.series_id = e.series_id
join words w on w.language = t.language;

-- The flagship gets real English titles.
update episode_translation et
set title = v.title
from (values ('midnight-contract-ep-01', 'The Signature'), ('midnight-contract-ep-02', 'House Rules'),
             ('midnight-contract-ep-03', 'The Ring'), ('midnight-contract-ep-04', 'First Dinner'),
             ('midnight-contract-ep-05', 'Rumours'), ('midnight-contract-ep-06', 'The Ex Returns'),
             ('midnight-contract-ep-07', 'Storm Night'), ('midnight-contract-ep-08', 'The Clause'),
             ('midnight-contract-ep-09', 'Broken Strings'), ('midnight-contract-ep-10', 'The Truth'),
             ('midnight-contract-ep-11', 'Last Concert'), ('midnight-contract-ep-12', 'Renewal'))
     as v (episode_id, title)
where et.episode_id = v.episode_id and et.language = 'en';
