// Usage: node frames.mjs <hub url> <view> <count>
// Subscribes with @microsoft/signalr and prints the first <count> frames, one JSON line each;
// prints "ready" after the first frame so the test can make the next epoch happen.
import * as signalR from "@microsoft/signalr";

const [url, view, count] = process.argv.slice(2);
const connection = new signalR.HubConnectionBuilder().withUrl(url).configureLogging(signalR.LogLevel.None).build();
await connection.start();
let seen = 0;
await new Promise((resolve, reject) => {
  const sub = connection.stream("Subscribe", view, null).subscribe({
    next: (frame) => {
      console.log(JSON.stringify(frame));
      if (++seen === 1) console.log("ready");
      if (seen >= Number(count)) { sub.dispose(); resolve(); }
    },
    complete: resolve,
    error: reject,
  });
});
await connection.stop();
