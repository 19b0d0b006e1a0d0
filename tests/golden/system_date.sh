#### date -d formats
date -u -d '2024-03-01 10:00' '+%A %j %U %e %-d %^a'
date -u -d '2024-03-01 10:00:05' '+%Y-%m-%d %H:%M:%S %a %b %B %y %p %I %l %k %Z %z %s'
date -u -d '2024-12-31' '+%j %U %W %V %G %g %u %w %C %q'
#### date default format
date -u -d '2024-01-05 08:09:10'; date -d '2024-01-05 08:09:10 UTC'
#### date -d relative to fixed
date -u -d '2024-01-31 +1 day' +%F; date -u -d '2024-02-28 + 2 days' +%F; date -u -d '@0' +%F; date -u -d '@1700000000'
date -u -d '2024-03-10 next day' +%F 2>&1; date -u -d '2024-01-01 1 week ago' +%F
#### date -I and -R
date -u -d '2024-05-06 07:08:09' -I; date -u -d '2024-05-06 07:08:09' -Iseconds; date -u -d '2024-05-06 07:08:09' -R; date -u -d '2024-05-06 07:08:09' --rfc-3339=seconds; date -u -d '2024-05-06 07:08:09' -Ihours; date -u -d '2024-05-06' -Iminutes
#### date padding flags
date -u -d '2024-03-04 05:06:07' '+%_d|%-m|%05Y|%_H|%-M|%^B|%#b|%10A|%-j|%_j'
#### date percent oddities
date -u -d '2024-03-04' '+%%|%n|%t|%D|%T|%R|%r|%c|%x|%X|%h|%e'
#### date errors
date -d 'not a date'; echo "status=$?"; date -d '2024-13-01'; echo "status=$?"; date +%Y extra; echo "status=$?"
date -q; echo "status=$?"; date --iso-8601=bogus; echo "status=$?"
#### date -r file
touch -d '2003-04-05 06:07:08' f; date -u -r f '+%F %T'; date -r nothere; echo "status=$?"
#### date set as learner
date -s '2024-01-01'; echo "status=$?"
#### date month names
date -u -d 'Jan 5 2023' +%F; date -u -d '5 Feb 2023' +%F; date -u -d '2023-02-05T10:11:12Z' '+%F %T'
#### date -u -d epoch with fraction
date -u -d @1.5 '+%s %N'; date -u -d '2024-01-01 00:00:00.25' '+%N %3N'
