// The revenue report's charts, drawn with ECharts (served by the engine from its webjar) from the page's JSON.
document.addEventListener('DOMContentLoaded', function () {
  var source = document.getElementById('report-data');
  if (!source || typeof echarts === 'undefined') {
    return;
  }
  var data = JSON.parse(source.textContent);
  function draw(id, option) {
    var holder = document.getElementById(id);
    if (holder) {
      echarts.init(holder).setOption(Object.assign({ animation: false }, option));
    }
  }
  draw('chart-days', {
    title: { text: '各日净额（元）', textStyle: { fontSize: 14 } }, tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: data.days }, yAxis: { type: 'value' },
    series: [{ name: '净额', type: 'line', data: data.dayNet }]
  });
  draw('chart-channels', {
    title: { text: '按渠道（元）', textStyle: { fontSize: 14 } }, tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: data.channels }, yAxis: { type: 'value' },
    series: [{ name: '净额', type: 'bar', data: data.channelNet }]
  });
  draw('chart-levels', {
    title: { text: '按预算级次（元）', textStyle: { fontSize: 14 } }, tooltip: { trigger: 'item' },
    series: [{ name: '净额', type: 'pie', radius: '60%', data: data.levels }]
  });
});
