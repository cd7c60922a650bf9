// The dashboard's 30-day trend, drawn with ECharts (served by the engine from its webjar) from the page's JSON.
document.addEventListener('DOMContentLoaded', function () {
  var holder = document.getElementById('trend');
  var source = document.getElementById('trend-data');
  if (!holder || !source || typeof echarts === 'undefined') {
    return;
  }
  var data = JSON.parse(source.textContent);
  echarts.init(holder).setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { data: ['实收（元）', '退款（元）'] },
    xAxis: { type: 'category', data: data.days },
    yAxis: { type: 'value' },
    series: [
      { name: '实收（元）', type: 'line', data: data.collected },
      { name: '退款（元）', type: 'line', data: data.refunded }
    ]
  });
});
